"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PurgeResult, RetentionPreview } from "@/lib/governance/retention";
import { FormError } from "@/components/ui/form-error";

const retentionKey = ["governance", "retention"] as const;

function RetentionForm({ preview }: { preview: RetentionPreview }) {
  const qc = useQueryClient();
  const [runs, setRuns] = useState(preview.settings.runRetentionDays === null ? "" : String(preview.settings.runRetentionDays));
  const [audit, setAudit] = useState(String(preview.settings.auditRetentionDays));
  const save = useMutation({
    mutationFn: () =>
      apiFetch("/api/v1/governance/retention", {
        method: "PATCH",
        body: { runRetentionDays: runs.trim() ? Number(runs) : null, auditRetentionDays: Number(audit) },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: retentionKey }),
  });
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid gap-1">
        <Label htmlFor="retention-runs">Finished runs (days, empty: keep)</Label>
        <Input id="retention-runs" inputMode="numeric" value={runs} onChange={(e) => setRuns(e.target.value)} className="w-40" />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="retention-audit">Audit log (days)</Label>
        <Input id="retention-audit" inputMode="numeric" value={audit} onChange={(e) => setAudit(e.target.value)} className="w-40" />
      </div>
      <Button type="submit" variant="outline" disabled={save.isPending}>
        Save retention
      </Button>
      {save.error && <FormError>{save.error.message}</FormError>}
    </form>
  );
}

/** "Purge now": one bounded pass at once instead of waiting for the worker's next one; says what it deleted. */
function PurgeNow() {
  const qc = useQueryClient();
  const purge = useMutation({
    mutationFn: () => apiFetch<PurgeResult>("/api/v1/governance/retention/purge", { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: retentionKey }),
  });
  const r = purge.data;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="outline" disabled={purge.isPending} onClick={() => purge.mutate()}>
        {purge.isPending ? <Spinner label="Purging…" /> : "Purge now"}
      </Button>
      {r && (
        <p className="text-sm" role="status">
          Deleted {r.runs} run{r.runs === 1 ? "" : "s"} and {r.auditRows} audit record{r.auditRows === 1 ? "" : "s"}
          {r.more ? "; more are due, the worker continues." : "."}
        </p>
      )}
      {purge.error && <FormError>{purge.error.message}</FormError>}
    </div>
  );
}

/** Settings → Retention (admin): global retention, and what the next purge would delete per workflow. */
export function RetentionPanel() {
  const { data, isPending, error } = useQuery({
    queryKey: retentionKey,
    queryFn: () => apiFetch<RetentionPreview>("/api/v1/governance/retention"),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Retention</h2>
        </CardTitle>
        <CardDescription>
          Finished runs and everything under them are deleted after their retention by the worker, in small batches; workflows and runs on
          legal hold are kept. The audit log has its own retention (7 years by default).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {isPending ? (
          <Spinner label="Loading retention…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <>
            <RetentionForm key={JSON.stringify(data.settings)} preview={data} />
            <p className="text-sm" aria-live="polite">
              The next purge would delete <strong>{data.runs}</strong> run{data.runs === 1 ? "" : "s"} and <strong>{data.auditRows}</strong>{" "}
              audit record{data.auditRows === 1 ? "" : "s"}.
            </p>
            <PurgeNow />
            {data.workflows.length > 0 && (
              <Table aria-label="Retention per workflow">
                <TableHeader>
                  <TableRow>
                    <TableHead>Workflow</TableHead>
                    <TableHead>Keeps runs</TableHead>
                    <TableHead>Would delete</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.workflows.map((w) => (
                    <TableRow key={w.workflowId}>
                      <TableCell>
                        {w.name} {w.legalHold && <Badge variant="outline">Legal hold</Badge>}
                      </TableCell>
                      <TableCell>
                        {w.effectiveDays === null ? "forever" : `${w.effectiveDays} days`}
                        {w.runRetentionDays !== null && <span className="text-xs text-muted-foreground"> (this workflow)</span>}
                      </TableCell>
                      <TableCell>{w.wouldDelete}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
