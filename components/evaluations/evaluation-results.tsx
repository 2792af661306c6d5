"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { apiFetch, ApiClientError } from "@/lib/queries/api-fetch";
import { formatCost } from "@/lib/monitoring/format-run";
import { evalPaths, ms, percent, type EvaluationDetail } from "./eval-api";
import { FormError } from "@/components/ui/form-error";

const short = (v: unknown) => {
  const t = JSON.stringify(v ?? null);
  return t.length > 80 ? `${t.slice(0, 80)}…` : t;
};

function PassCell({ pass, status }: { pass: boolean | null | undefined; status: string | undefined }) {
  if (status !== "done") return <span className="text-muted-foreground">{status ?? "—"}</span>;
  return pass ? (
    <span className="font-medium text-emerald-700 dark:text-emerald-400">pass</span>
  ) : (
    <span className="font-medium text-destructive">fail</span>
  );
}

export function EvaluationResults({ workflowId, evaluationId, canWrite }: { workflowId: string; evaluationId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["evaluation", workflowId, evaluationId],
    queryFn: () => apiFetch<EvaluationDetail>(evalPaths(workflowId).evaluation(evaluationId)),
    refetchInterval: (query) => {
      const s = query.state.data?.evaluation.status;
      return s === "queued" || s === "running" ? 1000 : false;
    },
  });
  const cancel = useMutation({
    mutationFn: () => apiFetch(evalPaths(workflowId).cancel(evaluationId), { method: "POST" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["evaluation", workflowId, evaluationId] });
      void qc.invalidateQueries({ queryKey: ["evaluations", workflowId] });
      toast.success("Evaluation cancelled");
    },
    onError: (e) => toast.error(e instanceof ApiClientError ? e.message : String(e)),
  });
  if (q.isPending) return <Spinner label="Loading the results" />;
  if (q.isError) return <FormError>{q.error.message}</FormError>;
  const { evaluation: e, totals, rows } = q.data;
  const active = e.status === "queued" || e.status === "running";
  const targets = [
    { key: "a" as const, label: e.targetLabel === "draft" ? "Draft" : `Version ${e.targetLabel.slice(1)}`, s: totals.a },
    ...(totals.b && e.compareLabel ? [{ key: "b" as const, label: `Version ${e.compareLabel.slice(1)}`, s: totals.b }] : []),
  ];
  const byPos = new Map<number, { a?: (typeof rows)[number]; b?: (typeof rows)[number] }>();
  for (const r of rows) byPos.set(r.position, { ...byPos.get(r.position), [r.target]: r });
  const changed = new Set(totals.changed.map((c) => c.position));
  return (
    <Card aria-label="Evaluation results">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Results</CardTitle>
          <CardDescription>
            {e.status === "finished" ? "Finished" : e.status === "cancelled" ? "Cancelled" : "Running"}: {e.doneCount} of {e.rowCount} row
            runs done
          </CardDescription>
        </div>
        {canWrite && active && (
          <Button variant="outline" className="min-h-11" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel evaluation
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {active && (
          <progress className="h-2 w-full" max={e.rowCount} value={e.doneCount} aria-label="Evaluation progress">
            {e.doneCount} / {e.rowCount}
          </progress>
        )}
        <div className="overflow-x-auto">
          <Table aria-label="Summary per target">
            <TableHeader>
              <TableRow>
                <TableHead>Target</TableHead>
                <TableHead>Pass rate</TableHead>
                <TableHead>Cost</TableHead>
                <TableHead>Latency p50</TableHead>
                <TableHead>p95</TableHead>
                <TableHead>Escalated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {targets.map((t) => (
                <TableRow key={t.key}>
                  <TableCell className="font-medium">{t.label}</TableCell>
                  <TableCell>
                    {percent(t.s.passRate)} ({t.s.passed}/{t.s.done})
                  </TableCell>
                  <TableCell>{formatCost(t.s.costUsd)}</TableCell>
                  <TableCell>{ms(t.s.latencyP50Ms)}</TableCell>
                  <TableCell>{ms(t.s.latencyP95Ms)}</TableCell>
                  <TableCell>{percent(t.s.escalationRate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        {targets.length > 1 && (
          <p className="text-sm" aria-live="polite">
            {totals.changed.length === 0
              ? "No row changed between the two."
              : `${totals.changed.length} row${totals.changed.length === 1 ? "" : "s"} changed: ${totals.changed
                  .map((c) => `row ${c.position} ${c.b ? "pass" : "fail"} → ${c.a ? "pass" : "fail"}`)
                  .join(", ")}.`}
          </p>
        )}
        <div className="overflow-x-auto">
          <Table aria-label="Rows">
            <TableHeader>
              <TableRow>
                <TableHead>Row</TableHead>
                <TableHead>Input</TableHead>
                <TableHead>Expected</TableHead>
                <TableHead>{targets[0].label}</TableHead>
                {targets[1] && <TableHead>{targets[1].label}</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {[...byPos.entries()].map(([pos, pair]) => (
                <TableRow
                  key={pos}
                  data-changed={changed.has(pos) || undefined}
                  className={changed.has(pos) ? "bg-amber-50 dark:bg-amber-950/40" : undefined}
                >
                  <TableCell>
                    {pos}
                    {changed.has(pos) && <span className="ml-1 text-xs font-medium">changed</span>}
                  </TableCell>
                  <TableCell className="max-w-48 truncate font-mono text-xs" title={JSON.stringify(pair.a?.input)}>
                    {short(pair.a?.input)}
                  </TableCell>
                  <TableCell className="max-w-48 truncate font-mono text-xs">{short(pair.a?.expected)}</TableCell>
                  <TableCell>
                    <PassCell pass={pair.a?.pass} status={pair.a?.status} />
                    <div className="max-w-48 truncate font-mono text-xs text-muted-foreground">
                      {pair.a?.status === "done" ? short(pair.a.output) : ""}
                    </div>
                  </TableCell>
                  {targets[1] && (
                    <TableCell>
                      <PassCell pass={pair.b?.pass} status={pair.b?.status} />
                      <div className="max-w-48 truncate font-mono text-xs text-muted-foreground">
                        {pair.b?.status === "done" ? short(pair.b.output) : ""}
                      </div>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </CardContent>
    </Card>
  );
}
