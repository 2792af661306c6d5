"use client";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Database, Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { apiFetch, ApiClientError } from "@/lib/queries/api-fetch";
import { evalPaths, type DatasetRecord } from "./eval-api";

function ImportDialog({ workflowId, open, onOpenChange }: { workflowId: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [csv, setCsv] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<{ dataset: DatasetRecord }>(evalPaths(workflowId).datasets, { method: "POST", body: { source: "csv", name, csv } }),
    onSuccess: ({ dataset }) => {
      void qc.invalidateQueries({ queryKey: ["eval-datasets", workflowId] });
      toast.success(`Imported ${dataset.rowCount} rows into "${dataset.name}"`);
      setName("");
      setCsv("");
      setError(null);
      onOpenChange(false);
    },
    onError: (e) => setError(e instanceof ApiClientError ? e.message : String(e)),
  });
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Import a dataset from CSV</DialogTitle>
          <DialogDescription>
            The first line names the columns; each column fills the input field of the same name. An optional &quot;expected&quot; column
            holds the expected output (JSON or text).
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <div className="grid gap-1">
            <Label htmlFor="dataset-name">Name</Label>
            <Input id="dataset-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="dataset-file">CSV file</Label>
            <Input
              id="dataset-file"
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) setCsv(await f.text());
              }}
            />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="dataset-csv">Or paste the CSV</Label>
            <Textarea id="dataset-csv" rows={8} className="font-mono text-xs" value={csv} onChange={(e) => setCsv(e.target.value)} />
          </div>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button type="submit" className="min-h-11" disabled={save.isPending || !csv.trim() || !name.trim()}>
              {save.isPending ? "Importing…" : "Import"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function DatasetSection({ workflowId, datasets, canWrite }: { workflowId: string; datasets: DatasetRecord[]; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Datasets</CardTitle>
          <CardDescription>Inputs to run the workflow on, each with the output you expect.</CardDescription>
        </div>
        {canWrite && (
          <Button variant="outline" className="min-h-11" onClick={() => setOpen(true)}>
            <Upload aria-hidden /> Import CSV
          </Button>
        )}
      </CardHeader>
      <CardContent>
        {datasets.length === 0 ? (
          <EmptyState
            icon={Database}
            title="No datasets yet"
            description={
              canWrite
                ? "Import a CSV of inputs (and expected outputs) to evaluate this workflow on."
                : "A designer imports datasets; evaluations run the workflow over them."
            }
          />
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Rows</TableHead>
                  <TableHead>From</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {datasets.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell className="font-medium">{d.name}</TableCell>
                    <TableCell>{d.rowCount}</TableCell>
                    <TableCell>{d.source === "csv" ? "CSV" : d.source === "runs" ? "Past runs" : "JSON rows"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
      {canWrite && <ImportDialog workflowId={workflowId} open={open} onOpenChange={setOpen} />}
    </Card>
  );
}
