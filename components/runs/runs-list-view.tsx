"use client";
// The runs page body: filters, live status, bulk actions, the table and pagination. The server
// renders each page from the URL; live notices for runs in view (or new runs on the first page)
// refresh it, at most once a second.
import { useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { History } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { RunListFacets } from "@/lib/monitoring/run-list-facets";
import { hasAnyFilter, type RunListFilter, type RunListSort } from "@/lib/monitoring/run-list-filter";
import type { RunListPage } from "@/lib/monitoring/run-list-page";
import type { RunsChangedMessage } from "@/lib/monitoring/sse-messages";
import { BulkActionsBar, type BulkTarget } from "./bulk-actions-bar";
import { LiveStatus } from "./live-status";
import { RunsFilterBar } from "./runs-filter-bar";
import { RunsPagination } from "./runs-pagination";
import { RunsTable } from "./runs-table";
import { useEventStream } from "./use-event-stream";

export interface RunsListViewProps {
  page: RunListPage;
  facets: RunListFacets;
  filter: RunListFilter;
  sort: RunListSort;
  problems: string[];
  /** RunEvent cursor the page was read at: live updates resume from here. */
  cursor: number;
  canControl: boolean;
  retrySupport: { supported: boolean; reason?: string };
}

export function RunsListView({ page, facets, filter, sort, problems, cursor, canControl, retrySupport }: RunsListViewProps) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const visible = useRef(new Set<string>());
  useEffect(() => {
    visible.current = new Set(page.rows.map((r) => r.id));
  }, [page.rows]);

  // keep the selection to runs still on the page after a refresh / navigation
  const pageIds = useMemo(() => page.rows.map((r) => r.id).join(","), [page.rows]);
  const [selectionKey, setSelectionKey] = useState(pageIds);
  if (selectionKey !== pageIds) {
    setSelectionKey(pageIds);
    const ids = new Set(page.rows.map((r) => r.id));
    setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
  }

  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRefresh = useRef(0);
  const scheduleRefresh = () => {
    if (refreshTimer.current) return;
    const wait = Math.max(0, 1000 - (Date.now() - lastRefresh.current));
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      lastRefresh.current = Date.now();
      router.refresh();
    }, wait);
  };
  useEffect(() => () => clearTimeout(refreshTimer.current ?? undefined), []);
  const newestFirstPage = sort.sort === "started" && sort.dir === "desc" && !sort.after && !sort.before;
  const status = useEventStream({
    topics: ["runs"],
    lastEventId: cursor,
    onMessage: (name, data) => {
      if (name === "reset") return scheduleRefresh();
      if (name !== "runs") return;
      const msg = data as RunsChangedMessage;
      const inView = msg.runIds.some((id) => visible.current.has(id));
      const arrived = newestFirstPage && msg.types.includes("run.started");
      if (inView || arrived) scheduleRefresh();
    },
  });

  const target: BulkTarget | null = allMatching
    ? {
        kind: "filter",
        runIds: [],
        filter,
        label: `all ${page.total.toLocaleString("en")}${page.totalIsExact ? "" : "+"} runs matching the filter`,
      }
    : selected.size
      ? { kind: "selection", runIds: [...selected], filter, label: `${selected.size} selected run${selected.size === 1 ? "" : "s"}` }
      : null;
  const pageFullySelected = page.rows.length > 0 && page.rows.every((r) => selected.has(r.id));

  return (
    <div className="grid gap-4">
      <RunsFilterBar filter={filter} sort={sort} facets={facets} />
      {problems.length > 0 && (
        <Alert data-testid="runs-url-problems">
          <AlertTitle>Part of this link was not understood</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        {canControl ? <BulkActionsBar target={target} retrySupport={retrySupport} /> : <span />}
        <LiveStatus status={status} />
      </div>
      {canControl && pageFullySelected && !allMatching && (page.total > page.rows.length || hasAnyFilter(filter)) && (
        <Alert>
          <AlertDescription className="flex flex-wrap items-center gap-2">
            All {page.rows.length} runs on this page are selected.{" "}
            {page.total <= page.rows.length && "Acting on the filter instead also covers runs that match it when you confirm."}
            <Button variant="link" className="h-auto p-0" onClick={() => setAllMatching(true)}>
              Select all {page.total.toLocaleString("en")}
              {page.totalIsExact ? "" : "+"} runs matching the filter
            </Button>
          </AlertDescription>
        </Alert>
      )}
      {allMatching && (
        <Alert>
          <AlertDescription className="flex flex-wrap items-center gap-2">
            All runs matching the filter are selected.
            <Button
              variant="link"
              className="h-auto p-0"
              onClick={() => {
                setAllMatching(false);
                setSelected(new Set());
              }}
            >
              Clear selection
            </Button>
          </AlertDescription>
        </Alert>
      )}
      {page.rows.length === 0 ? (
        <EmptyState
          icon={History}
          title={hasAnyFilter(filter) ? "No runs match these filters" : "No runs yet"}
          description={
            hasAnyFilter(filter)
              ? "Widen the time range or clear a filter. New runs that match appear here as they start."
              : "Publish a workflow and start it from the editor or through the API (POST /api/v1/runs). Its runs appear here live."
          }
        />
      ) : (
        <>
          <RunsTable
            rows={page.rows}
            filter={filter}
            sort={sort}
            selectable={canControl}
            selected={selected}
            onToggle={(id, on) => {
              setAllMatching(false);
              setSelected((s) => {
                const n = new Set(s);
                if (on) n.add(id);
                else n.delete(id);
                return n;
              });
            }}
            onToggleAll={(on) => {
              setAllMatching(false);
              setSelected(on ? new Set(page.rows.map((r) => r.id)) : new Set());
            }}
          />
          <RunsPagination filter={filter} sort={sort} page={page} />
        </>
      )}
    </div>
  );
}
