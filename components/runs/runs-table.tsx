"use client";
// One page of runs. Sortable columns are buttons in the header (aria-sort tells which); durations
// of active runs tick on the client.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, GitBranchIcon, RotateCcwIcon } from "lucide-react";
import { Checkbox } from "@/components/ui/checkbox";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/format";
import { formatCost, shortId, triggerLabel, WAITING_LABELS } from "@/lib/monitoring/format-run";
import { runListSearch, type RunListFilter, type RunListSort, type SortKey } from "@/lib/monitoring/run-list-filter";
import type { RunListRow } from "@/lib/monitoring/run-list-page";
import { LocalTime } from "./local-time";
import { OutcomeBadge } from "./outcome-badge";

const ACTIVE = new Set(["queued", "running", "waiting", "compensating"]);

function useNow(active: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export interface RunsTableProps {
  rows: RunListRow[];
  filter: RunListFilter;
  sort: RunListSort;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
  onToggleAll: (on: boolean) => void;
}

export function RunsTable({ rows, filter, sort, selectable, selected, onToggle, onToggleAll }: RunsTableProps) {
  const now = useNow(rows.some((r) => ACTIVE.has(r.status)));
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someOn = rows.some((r) => selected.has(r.id));
  return (
    <Table aria-label="Runs">
      <TableHeader>
        <TableRow>
          {selectable && (
            <TableHead className="w-10">
              <Checkbox
                aria-label="Select every run on this page"
                checked={allOn ? true : someOn ? "indeterminate" : false}
                onCheckedChange={(c) => onToggleAll(c === true)}
              />
            </TableHead>
          )}
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Workflow</TableHead>
          <TableHead>Trigger</TableHead>
          <TableHead>Started by</TableHead>
          <SortHead label="Started" k="started" filter={filter} sort={sort} />
          <SortHead label="Duration" k="duration" filter={filter} sort={sort} />
          <TableHead>Waiting on</TableHead>
          <SortHead label="Cost" k="cost" filter={filter} sort={sort} className="text-right" />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => {
          const duration = r.startedAtMs !== null && r.finishedAtMs === null && now !== null ? now - r.startedAtMs : r.durationMs;
          return (
            <TableRow key={r.id} data-run-id={r.id} data-state={selected.has(r.id) ? "selected" : undefined}>
              {selectable && (
                <TableCell>
                  <Checkbox
                    aria-label={`Select run ${shortId(r.id)}`}
                    checked={selected.has(r.id)}
                    onCheckedChange={(c) => onToggle(r.id, c === true)}
                  />
                </TableCell>
              )}
              <TableCell className="font-mono text-xs">
                <Link href={`/runs/${r.id}`} className="font-medium text-primary hover:underline">
                  {shortId(r.id)}
                </Link>
                {r.parentRunId && (
                  <span className="ml-1.5 inline-flex items-center text-muted-foreground" title={`Child of run ${shortId(r.parentRunId)}`}>
                    <GitBranchIcon aria-label="Child run" className="size-3" />
                  </span>
                )}
                {r.sourceRunId && (
                  <span className="ml-1.5 inline-flex items-center text-muted-foreground" title={`Rerun of ${shortId(r.sourceRunId)}`}>
                    <RotateCcwIcon aria-label="Rerun" className="size-3" />
                  </span>
                )}
              </TableCell>
              <TableCell>
                <span className="flex flex-wrap items-center gap-1">
                  <StatusBadge status={r.status} title={r.error ?? undefined} />
                  <OutcomeBadge outcome={r.outcome} />
                </span>
              </TableCell>
              <TableCell className="max-w-56 truncate">
                {r.workflowName ?? <span className="text-muted-foreground">Deleted workflow</span>}
                {r.isTest ? (
                  <span className="ml-1 rounded border border-amber-500/50 px-1 text-[11px] text-amber-700 dark:text-amber-400">Test</span>
                ) : (
                  r.version !== null && <span className="ml-1 text-muted-foreground">v{r.version}</span>
                )}
              </TableCell>
              <TableCell>{triggerLabel(r.trigger)}</TableCell>
              <TableCell className="max-w-40 truncate">{r.initiatorName ?? (r.initiatorId ? "Unknown user" : "System")}</TableCell>
              <TableCell className="whitespace-nowrap">
                <LocalTime value={r.startedAtMs ?? r.createdAt} />
              </TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{formatDuration(duration)}</TableCell>
              <TableCell className="max-w-52 truncate">
                <WaitingOn row={r} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCost(r.costUsd)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function WaitingOn({ row }: { row: RunListRow }) {
  if (row.openTask) {
    return (
      <Link href={`/inbox/${row.openTask.id}`} className="hover:underline" title={row.openTask.title}>
        Task: {row.openTask.title}
        {row.openTasks > 1 && <span className="text-muted-foreground"> +{row.openTasks - 1}</span>}
      </Link>
    );
  }
  if (row.waitingOn) return <span>{WAITING_LABELS[row.waitingOn] ?? row.waitingOn}</span>;
  return <span className="text-muted-foreground">—</span>;
}

function SortHead({
  label,
  k,
  filter,
  sort,
  className,
}: {
  label: string;
  k: SortKey;
  filter: RunListFilter;
  sort: RunListSort;
  className?: string;
}) {
  const router = useRouter();
  const active = sort.sort === k;
  const nextDir = active && sort.dir === "desc" ? "asc" : "desc";
  const Icon = !active ? ArrowUpDownIcon : sort.dir === "desc" ? ArrowDownIcon : ArrowUpIcon;
  return (
    <TableHead aria-sort={active ? (sort.dir === "desc" ? "descending" : "ascending") : "none"} className={className}>
      <button
        type="button"
        className="inline-flex items-center gap-1 rounded-sm font-medium hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        onClick={() =>
          router.push(`/runs${runListSearch(filter, { ...sort, sort: k, dir: nextDir, after: undefined, before: undefined })}`)
        }
      >
        {label}
        <Icon aria-hidden className="size-3.5 text-muted-foreground" />
        <span className="sr-only">{active ? `sorted ${sort.dir === "desc" ? "descending" : "ascending"}` : "sort"}</span>
      </button>
    </TableHead>
  );
}
