"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { FlaskConical, Play } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { apiFetch } from "@/lib/queries/api-fetch";
import { evalPaths, percent, type DatasetRecord, type EvaluationRecord, type EvaluationSettings } from "./eval-api";
import { DatasetSection } from "./dataset-section";
import { EvaluationResults } from "./evaluation-results";
import { EvaluationSettingsForm } from "./evaluation-settings-form";
import { RunEvaluationDialog, type VersionOption } from "./run-evaluation-dialog";
import { FormError } from "@/components/ui/form-error";

function label(e: EvaluationRecord): string {
  const t = e.targetLabel === "draft" ? "Draft" : `Version ${e.targetLabel.slice(1)}`;
  return e.compareLabel ? `${t} vs version ${e.compareLabel.slice(1)}` : t;
}

/** The Evaluations page of a workflow: datasets, evaluations with their progress, and one's results. */
export function EvaluationsView({ workflowId, canWrite, inputFields }: { workflowId: string; canWrite: boolean; inputFields: string[] }) {
  const paths = evalPaths(workflowId);
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const datasets = useQuery({
    queryKey: ["eval-datasets", workflowId],
    queryFn: () => apiFetch<{ datasets: DatasetRecord[] }>(paths.datasets),
  });
  const evaluations = useQuery({
    queryKey: ["evaluations", workflowId],
    queryFn: () => apiFetch<{ evaluations: EvaluationRecord[] }>(paths.evaluations),
    refetchInterval: (q) => (q.state.data?.evaluations.some((e) => e.status === "queued" || e.status === "running") ? 1500 : false),
  });
  const versions = useQuery({ queryKey: ["versions", workflowId], queryFn: () => apiFetch<{ versions: VersionOption[] }>(paths.versions) });
  const settings = useQuery({ queryKey: ["evaluation-settings", workflowId], queryFn: () => apiFetch<EvaluationSettings>(paths.settings) });
  if (datasets.isPending || evaluations.isPending) return <Spinner label="Loading evaluations" />;
  if (datasets.isError || evaluations.isError) return <FormError>{(datasets.error ?? evaluations.error)?.message}</FormError>;
  const list = evaluations.data.evaluations;
  const shown = selected ?? list[0]?.id ?? null;
  return (
    <div className="grid gap-6">
      <DatasetSection
        workflowId={workflowId}
        datasets={datasets.data.datasets}
        canWrite={canWrite}
        inputFields={inputFields}
        versions={versions.data?.versions ?? []}
      />
      <Card>
        <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
          <div className="grid gap-1">
            <CardTitle>Evaluations</CardTitle>
            <CardDescription>Scored runs of the draft or a version over a dataset, side by side with another version.</CardDescription>
          </div>
          {canWrite && (
            <Button className="min-h-11" onClick={() => setOpen(true)} disabled={datasets.data.datasets.length === 0}>
              <Play aria-hidden /> Run evaluation
            </Button>
          )}
        </CardHeader>
        <CardContent>
          {list.length === 0 ? (
            <EmptyState
              icon={FlaskConical}
              title="No evaluations yet"
              description={
                datasets.data.datasets.length === 0
                  ? "Import a dataset above, then run an evaluation to see how the draft scores."
                  : canWrite
                    ? "Run an evaluation to score the draft (or a version) on a dataset."
                    : "A designer runs evaluations; their results appear here."
              }
            />
          ) : (
            <ul className="grid gap-2">
              {list.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    onClick={() => setSelected(e.id)}
                    aria-current={shown === e.id || undefined}
                    className="flex min-h-11 w-full flex-wrap items-center gap-x-3 gap-y-1 rounded-md border px-3 py-2 text-left text-sm hover:bg-muted aria-[current]:border-primary"
                  >
                    <span className="font-medium">{label(e)}</span>
                    <Badge variant="outline">{e.status}</Badge>
                    <span>
                      {e.doneCount}/{e.rowCount} runs
                    </span>
                    {e.status === "finished" && <span>pass rate {percent(e.passRate)}</span>}
                    <span className="text-muted-foreground">{new Date(e.createdAtMs).toLocaleString()}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      {shown && <EvaluationResults key={shown} workflowId={workflowId} evaluationId={shown} canWrite={canWrite} />}
      {canWrite && settings.data && <EvaluationSettingsForm workflowId={workflowId} settings={settings.data} />}
      {canWrite && (
        <RunEvaluationDialog
          workflowId={workflowId}
          datasets={datasets.data.datasets}
          versions={versions.data?.versions ?? []}
          open={open}
          onOpenChange={setOpen}
          onStarted={setSelected}
        />
      )}
    </div>
  );
}
