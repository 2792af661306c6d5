"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { nativeSelectClass } from "@/components/editor/inspector/field-parts";
import { apiFetch, ApiClientError } from "@/lib/queries/api-fetch";
import { evalPaths, type DatasetRecord, type EvaluationRecord } from "./eval-api";
import { GraderFields, newGrader, toGrader, type GraderDraft } from "./grader-fields";
import { FormError } from "@/components/ui/form-error";

export interface VersionOption {
  id: string;
  version: number;
  live: unknown;
}

export function RunEvaluationDialog({
  workflowId,
  datasets,
  versions,
  open,
  onOpenChange,
  onStarted,
}: {
  workflowId: string;
  datasets: DatasetRecord[];
  versions: VersionOption[];
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onStarted: (id: string) => void;
}) {
  const qc = useQueryClient();
  const [datasetId, setDatasetId] = useState("");
  const [target, setTarget] = useState("draft");
  const [compare, setCompare] = useState("");
  const [graders, setGraders] = useState<GraderDraft[]>([newGrader()]);
  const [error, setError] = useState<string | null>(null);
  const providers = useQuery({
    queryKey: ["providers"],
    queryFn: () => apiFetch<{ providers: { id: string; name: string }[] }>("/api/v1/providers"),
    enabled: open && graders.some((g) => g.kind === "llm_judge"),
  });
  const start = useMutation({
    mutationFn: (body: unknown) => apiFetch<{ evaluation: EvaluationRecord }>(evalPaths(workflowId).evaluations, { method: "POST", body }),
    onSuccess: ({ evaluation }) => {
      void qc.invalidateQueries({ queryKey: ["evaluations", workflowId] });
      setError(null);
      onOpenChange(false);
      onStarted(evaluation.id);
    },
    onError: (e) => setError(e instanceof ApiClientError ? e.message : String(e)),
  });
  const submit = () => {
    const built = graders.map(toGrader);
    const bad = built.findIndex((b) => !b.ok);
    if (bad >= 0) {
      const b = built[bad];
      return setError(`Grader ${bad + 1}: ${b.ok ? "" : b.error}`);
    }
    const chosen = datasetId || datasets[0]?.id;
    if (!chosen) return setError("Import a dataset first");
    start.mutate({
      datasetId: chosen,
      target: target === "draft" ? "draft" : Number(target),
      compareVersion: compare ? Number(compare) : null,
      graders: built.map((b) => (b.ok ? b.grader : null)),
    });
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Run an evaluation</DialogTitle>
          <DialogDescription>
            Each dataset row runs as a test run (pinned outputs apply) of the draft or a version, and optionally of a second version to
            compare with; graders score every row.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="grid gap-3 sm:grid-cols-3">
            <div className="grid gap-1">
              <Label htmlFor="eval-dataset">Dataset</Label>
              <select
                id="eval-dataset"
                className={nativeSelectClass}
                value={datasetId || datasets[0]?.id || ""}
                onChange={(e) => setDatasetId(e.target.value)}
              >
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.rowCount} rows)
                  </option>
                ))}
              </select>
            </div>
            <div className="grid gap-1">
              <Label htmlFor="eval-target">Evaluate</Label>
              <select id="eval-target" className={nativeSelectClass} value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="draft">The draft</option>
                {versions.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    Version {v.version}
                    {v.live ? " (live)" : ""}
                  </option>
                ))}
              </select>
            </div>
            <div className="grid gap-1">
              <Label htmlFor="eval-compare">Compare with</Label>
              <select id="eval-compare" className={nativeSelectClass} value={compare} onChange={(e) => setCompare(e.target.value)}>
                <option value="">Nothing</option>
                {versions.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    Version {v.version}
                    {v.live ? " (live)" : ""}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {graders.map((g, i) => (
            <GraderFields
              key={g.key}
              g={g}
              n={i}
              providers={providers.data?.providers ?? []}
              onChange={(next) => setGraders(graders.map((x) => (x.key === g.key ? next : x)))}
              onRemove={graders.length > 1 ? () => setGraders(graders.filter((x) => x.key !== g.key)) : undefined}
            />
          ))}
          <Button
            type="button"
            variant="outline"
            className="min-h-11 justify-self-start"
            onClick={() => setGraders([...graders, newGrader()])}
          >
            <Plus aria-hidden /> Add a grader
          </Button>
          {error && <FormError>{error}</FormError>}
          <DialogFooter>
            <Button type="submit" className="min-h-11" disabled={start.isPending || datasets.length === 0}>
              {start.isPending ? "Starting…" : "Start evaluation"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
