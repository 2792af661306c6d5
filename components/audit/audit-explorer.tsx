"use client";
// The audit trail: filters (actor, action, target, time range, search), pages of 50 newest first with
// "Load older" (cursor pagination), a detail sheet per event, and streamed exports of what is filtered.
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ClipboardCheck, Download } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { emptyFilters, exportUrl, fetchAuditPage, type AuditFilters } from "./audit-queries";
import { AuditDetail } from "./audit-detail";

const fields: { key: keyof AuditFilters; label: string; type?: string; placeholder?: string }[] = [
  { key: "q", label: "Search", placeholder: "action, target or recorded text" },
  { key: "action", label: "Action", placeholder: "task.decided or task." },
  { key: "actorId", label: "Actor id" },
  { key: "targetType", label: "Target type", placeholder: "run, task, user…" },
  { key: "targetId", label: "Target id" },
  { key: "from", label: "From", type: "datetime-local" },
  { key: "to", label: "To", type: "datetime-local" },
];

export function AuditExplorer({ initial }: { initial: Partial<AuditFilters> }) {
  const [draft, setDraft] = useState<AuditFilters>({ ...emptyFilters, ...initial });
  const [filters, setFilters] = useState<AuditFilters>({ ...emptyFilters, ...initial });
  const [openId, setOpenId] = useState<number | null>(null);
  const pages = useInfiniteQuery({
    queryKey: ["audit", "list", filters],
    queryFn: ({ pageParam }) => fetchAuditPage(filters, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const events = pages.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <div className="grid gap-4">
      <form
        aria-label="Filter the audit trail"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={(ev) => {
          ev.preventDefault();
          setFilters(draft);
        }}
      >
        {fields.map((f) => (
          <div key={f.key} className="grid gap-1">
            <Label htmlFor={`audit-${f.key}`}>{f.label}</Label>
            <Input
              id={`audit-${f.key}`}
              type={f.type ?? "text"}
              placeholder={f.placeholder}
              value={draft[f.key]}
              onChange={(ev) => setDraft({ ...draft, [f.key]: ev.target.value })}
            />
          </div>
        ))}
        <div className="flex items-end gap-2">
          <Button type="submit">Apply filters</Button>
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setDraft(emptyFilters);
              setFilters(emptyFilters);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      <div className="flex flex-wrap gap-2">
        <a className={buttonVariants({ variant: "outline", size: "sm" })} href={exportUrl(filters, "jsonl")} download>
          <Download aria-hidden /> Export JSON Lines
        </a>
        <a className={buttonVariants({ variant: "outline", size: "sm" })} href={exportUrl(filters, "csv")} download>
          <Download aria-hidden /> Export CSV
        </a>
      </div>
      {pages.isPending ? (
        <Spinner label="Loading the audit trail…" />
      ) : pages.error ? (
        <p role="alert" className="text-sm text-destructive">
          {pages.error.message}
        </p>
      ) : events.length === 0 ? (
        <EmptyState icon={ClipboardCheck} title="No audit events match" description="Change or clear the filters." />
      ) : (
        <>
          <Table aria-label="Audit events">
            <TableHeader>
              <TableRow>
                <TableHead>#</TableHead>
                <TableHead>When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Hash</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="text-xs text-muted-foreground tabular-nums">{e.id}</TableCell>
                  <TableCell>{formatDateTime(e.atMs)}</TableCell>
                  <TableCell>{e.actorId ? (e.actorEmail ?? e.actorId) : e.actorType}</TableCell>
                  <TableCell className="font-medium">
                    <button type="button" className="underline-offset-4 hover:underline" onClick={() => setOpenId(e.id)}>
                      {e.action}
                    </button>
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {e.targetType}:{e.targetId.slice(0, 8)}
                  </TableCell>
                  <TableCell className="font-mono text-xs text-muted-foreground">{e.hash.slice(0, 12)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {pages.hasNextPage && (
            <Button type="button" variant="outline" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
              {pages.isFetchingNextPage ? "Loading…" : "Load older"}
            </Button>
          )}
        </>
      )}
      <AuditDetail id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
