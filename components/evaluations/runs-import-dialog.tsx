"use client";
// Fill a dataset from past runs: filter the workflow's runs by status, version and date, preview
// their input and output, tick the ones to keep (only a succeeded run gives an expected output),
// and import. The server copies each run's input and output (lib/evaluations/dataset-service.ts).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { nativeSelectClass } from "@/components/editor/inspector/field-parts";
import { apiFetch } from "@/lib/queries/api-fetch";
import { RUN_STATUSES } from "@/lib/model/vocabulary";
import { ImportError } from "./import-error";
import { DatasetImportDialog, useDatasetImport } from "./dataset-import-dialog";
import { FormError } from "@/components/ui/form-error";

const SHOWN = 100;

export interface VersionChoice {
  id: string;
  version: number;
}

interface PastRun {
  id: string;
  versionId: string;
  status: string;
  input: unknown;
  output: unknown;
  createdAt: string;
}

const brief = (v: unknown) => {
  const s = v === undefined || v === null ? "—" : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

/** Local midnight of a yyyy-mm-dd date (the start of `from`, and `to` + 1 day - 1 ms). */
const dayMs = (date: string, end: boolean) => (date ? new Date(`${date}T00:00:00`).getTime() + (end ? 86_400_000 - 1 : 0) : undefined);

export function RunsImportDialog({
  workflowId,
  versions,
  open,
  onOpenChange,
}: {
  workflowId: string;
  versions: VersionChoice[];
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const [name, setName] = useState("");
  const [status, setStatus] = useState("succeeded");
  const [versionId, setVersionId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const params = new URLSearchParams({ workflowId, limit: String(SHOWN) });
  if (status) params.set("status", status);
  if (versionId) params.set("versionId", versionId);
  const fromMs = dayMs(from, false);
  const toMs = dayMs(to, true);
  if (fromMs !== undefined) params.set("from", String(fromMs));
  if (toMs !== undefined) params.set("to", String(toMs));
  const runs = useQuery({
    queryKey: ["eval-past-runs", params.toString()],
    queryFn: () => apiFetch<{ runs: PastRun[] }>(`/api/v1/runs?${params.toString()}`),
    enabled: open,
  });
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  const importable = (runs.data?.runs ?? []).filter((r) => r.status === "succeeded").map((r) => r.id);
  const allPicked = importable.length > 0 && importable.every((id) => picked.includes(id));
  const save = useDatasetImport(workflowId, () => {
    setName("");
    setPicked([]);
    onOpenChange(false);
  });
  const body = () => ({ source: "runs", name, runIds: picked });
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  return (
    <DatasetImportDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import a dataset from past runs"
      description={<>Each chosen run becomes a row: its input, and its output as the expected output. Only succeeded runs can be chosen.</>}
      nameId="runs-dataset-name"
      name={name}
      onNameChange={setName}
      onSubmit={() => save.mutate(body())}
      className="sm:max-w-3xl"
    >
      <fieldset className="grid gap-3 sm:grid-cols-4">
        <legend className="mb-1 text-sm font-medium">Which runs</legend>
        <div className="grid gap-1">
          <Label htmlFor="runs-status">Status</Label>
          <select id="runs-status" className={nativeSelectClass} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="runs-version">Version</Label>
          <select id="runs-version" className={nativeSelectClass} value={versionId} onChange={(e) => setVersionId(e.target.value)}>
            <option value="">Any</option>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                Version {v.version}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="runs-from">From</Label>
          <Input id="runs-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="runs-to">To</Label>
          <Input id="runs-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </fieldset>
      {runs.isPending ? (
        <Spinner label="Loading runs" />
      ) : runs.isError ? (
        <FormError>{runs.error.message}</FormError>
      ) : runs.data.runs.length === 0 ? (
        <p className="text-sm text-muted-foreground">No runs match these filters.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table aria-label="Past runs">
            <TableHeader>
              <TableRow>
                <TableHead className="w-10">
                  <input
                    type="checkbox"
                    className="size-4"
                    aria-label="Choose every succeeded run shown"
                    checked={allPicked}
                    disabled={importable.length === 0}
                    onChange={(e) => setPicked(e.target.checked ? importable : [])}
                  />
                </TableHead>
                <TableHead>Run</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Started</TableHead>
                <TableHead>Input</TableHead>
                <TableHead>Output</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.data.runs.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <input
                      type="checkbox"
                      className="size-4"
                      aria-label={`Choose run ${r.id.slice(0, 8)}`}
                      title={r.status === "succeeded" ? undefined : `A ${r.status} run has no expected output`}
                      disabled={r.status !== "succeeded"}
                      checked={picked.includes(r.id)}
                      onChange={(e) => toggle(r.id, e.target.checked)}
                    />
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {r.id.slice(0, 8)} <span className="text-muted-foreground">{r.status}</span>
                  </TableCell>
                  <TableCell>{versionOf.has(r.versionId) ? `v${versionOf.get(r.versionId)}` : "—"}</TableCell>
                  <TableCell className="whitespace-nowrap">{new Date(r.createdAt).toLocaleString()}</TableCell>
                  <TableCell className="max-w-48 truncate font-mono text-xs">{brief(r.input)}</TableCell>
                  <TableCell className="max-w-48 truncate font-mono text-xs">{brief(r.output)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {runs.data.runs.length === SHOWN && (
            <p className="text-xs text-muted-foreground">The newest {SHOWN} runs; narrow the dates to see older ones.</p>
          )}
        </div>
      )}
      <ImportError error={save.error} rowLabel="Row" />
      <DialogFooter className="items-center gap-2">
        {save.isPending && (
          <p role="status" className="text-sm text-muted-foreground">
            Importing {picked.length} runs…
          </p>
        )}
        <Button type="submit" className="min-h-11" disabled={save.isPending || picked.length === 0 || !name.trim()}>
          {picked.length ? `Import ${picked.length} run${picked.length === 1 ? "" : "s"}` : "Import"}
        </Button>
      </DialogFooter>
    </DatasetImportDialog>
  );
}
