"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Eraser } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { ErasureJobView } from "@/lib/governance/erasure";
import { FormError } from "@/components/ui/form-error";

const erasuresKey = ["governance", "erasures"] as const;

function Report({ job }: { job: ErasureJobView }) {
  const rows = Object.entries(job.counts).sort(([a], [b]) => a.localeCompare(b));
  if (!rows.length) return <span className="text-muted-foreground">Nothing stored for this subject</span>;
  return (
    <ul className="grid gap-0.5 text-xs" aria-label="Rows per table">
      {rows.map(([table, n]) => (
        <li key={table}>
          <span className="font-mono">{table}</span>: {n}
        </li>
      ))}
    </ul>
  );
}

/** Settings → Erase a data subject (admin): request an erasure, watch its progress, read its report. */
export function ErasurePanel() {
  const qc = useQueryClient();
  const [subject, setSubject] = useState("");
  const [reason, setReason] = useState("");
  const { data, isPending, error } = useQuery({
    queryKey: erasuresKey,
    queryFn: () => apiFetch<{ erasures: ErasureJobView[] }>("/api/v1/governance/erasures"),
    refetchInterval: (q) => (q.state.data?.erasures.some((e) => e.status === "queued" || e.status === "running") ? 1000 : false),
  });
  const request = useMutation({
    mutationFn: () => apiFetch<{ erasure: ErasureJobView }>("/api/v1/governance/erasures", { method: "POST", body: { subject, reason } }),
    onSuccess: async () => {
      setSubject("");
      setReason("");
      await qc.invalidateQueries({ queryKey: erasuresKey });
    },
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Erase a data subject</h2>
        </CardTitle>
        <CardDescription>
          Redacts everything stored about a data subject (the value a workflow&apos;s Start node names, e.g. an applicant id) in every run,
          task, model call, event and memory. What remains is structure: ids, statuses, times and hashes. Runs on legal hold are kept.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            request.mutate();
          }}
        >
          <div className="grid gap-1">
            <Label htmlFor="erase-subject">Data subject</Label>
            <Input
              id="erase-subject"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              placeholder="APP-1042"
              autoComplete="off"
            />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="erase-reason">Reason</Label>
            <Input id="erase-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Request #123 (art. 17)" />
          </div>
          <Button type="submit" variant="destructive" disabled={!subject.trim() || request.isPending}>
            <Eraser aria-hidden />
            Erase
          </Button>
        </form>
        {request.error && <FormError>{request.error.message}</FormError>}
        {isPending ? (
          <Spinner label="Loading erasures…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : data.erasures.length === 0 ? (
          <p className="text-sm text-muted-foreground">No erasures yet.</p>
        ) : (
          <Table aria-label="Erasures">
            <TableHeader>
              <TableRow>
                <TableHead>Requested</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Runs</TableHead>
                <TableHead>Report</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.erasures.map((job) => (
                <TableRow key={job.id}>
                  <TableCell className="align-top">
                    {new Date(job.createdAtMs).toLocaleString()}
                    {job.reason && <div className="text-xs text-muted-foreground">{job.reason}</div>}
                  </TableCell>
                  <TableCell className="align-top">
                    <Badge variant={job.status === "done" ? "secondary" : "outline"}>{job.status}</Badge>
                  </TableCell>
                  <TableCell className="align-top">
                    {job.runsDone} of {job.runsTotal}
                  </TableCell>
                  <TableCell className="align-top">
                    <Report job={job} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
