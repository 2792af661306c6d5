"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CheckCheck, Inbox, MousePointerClick, Radio } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { inboxCountKey, notificationKeys, taskDetailQuery, taskKeys, taskListQuery } from "@/lib/queries/tasks";
import { taskListSearch, type TaskListFilters } from "@/lib/inbox/task-list-params";
import type { TaskListItem } from "@/lib/inbox/task-types";
import type { InboxChange } from "@/lib/monitoring/sse-messages";
import { cn } from "@/lib/utils";
import { TaskFilters } from "./task-filters";
import { TaskPanel, type TaskDialog } from "./task-panel";
import { TaskRow, type RowBulk, type RowOverlay } from "./task-row";
import { BulkApproveDialog, type BulkTask } from "./bulk-approve-dialog";
import { useInboxEvents } from "./use-inbox-events";
import { touchTargets } from "./touch-targets";

/** Events after which the list itself must be refetched (new or re-routed tasks). */
const LIST_EVENTS = new Set(["task.created", "task.reassigned", "task.escalated"]);

/** Tasks of one approval step are approved together: the step is the workflow and the node. */
const bulkKind = (t: TaskListItem) => `${t.workflowId}\u0000${t.nodeId}`;
const bulkSelectable = (t: TaskListItem, overlay: Map<string, RowOverlay>) =>
  t.allowBulk && t.canDecide && t.status === "open" && !overlay.has(t.id);

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.getAttribute("role") === "combobox";
}

export function InboxView({
  initialTaskId,
  initialFilters,
  decider,
}: {
  initialTaskId: string | null;
  initialFilters: TaskListFilters;
  decider: boolean;
}) {
  const qc = useQueryClient();
  const [filters, setFilters] = useState<TaskListFilters>(initialFilters);
  const [selectedId, setSelectedId] = useState<string | null>(initialTaskId);
  // Below 1024 px the inbox is one column: the list, or the task with a way back to the list.
  const [pane, setPane] = useState<"list" | "task">(initialTaskId ? "task" : "list");
  const [dialog, setDialog] = useState<TaskDialog>(null);
  const [overlay, setOverlay] = useState<Map<string, RowOverlay>>(() => new Map());
  const list = useInfiniteQuery({ ...taskListQuery(filters), refetchInterval: false });
  // Bulk approve: the selected tasks (all of one approval step) and the dialog that approves them.
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  // the tasks being approved, fixed when the dialog opens (the list refreshes under it)
  const [bulkTasks, setBulkTasks] = useState<BulkTask[] | null>(null);

  const rows: TaskListItem[] = useMemo(() => list.data?.pages.flatMap((p) => p.tasks) ?? [], [list.data]);
  const first = list.data?.pages[0];
  const now = first?.now ?? 0;
  const pickedRows = useMemo(() => rows.filter((r) => picked.has(r.id) && bulkSelectable(r, overlay)), [rows, picked, overlay]);
  const pickedKind = pickedRows[0] ? bulkKind(pickedRows[0]) : null;
  const sameKind = useMemo(
    () => (pickedKind === null ? [] : rows.filter((r) => bulkKind(r) === pickedKind && bulkSelectable(r, overlay))),
    [rows, pickedKind, overlay],
  );
  const onCheck = useCallback((id: string, checked: boolean) => {
    setPicked((prev) => {
      const next = new Set(prev);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const bulkOf = (t: TaskListItem): RowBulk | undefined =>
    decider && bulkSelectable(t, overlay)
      ? { checked: picked.has(t.id), disabled: pickedKind !== null && bulkKind(t) !== pickedKind, onCheck }
      : undefined;

  // Keep the URL in step with the selection and filters (shareable, survives reload).
  useEffect(() => {
    const search = taskListSearch(filters);
    const path = selectedId ? `/inbox/${encodeURIComponent(selectedId)}` : "/inbox";
    const url = `${path}${search ? `?${search}` : ""}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(window.history.state, "", url);
  }, [filters, selectedId]);

  // Select the first task when the list first arrives (or after a filter change) and nothing is selected.
  const autoSelect = useRef(initialTaskId === null);
  useEffect(() => {
    if (autoSelect.current && !selectedId && rows.length) {
      autoSelect.current = false;
      setSelectedId(rows[0].id);
    }
  }, [rows, selectedId]);

  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshList = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      setOverlay(new Map());
      void qc.invalidateQueries({ queryKey: taskKeys.lists() });
    }, 150);
  }, [qc]);

  const onChanges = useCallback(
    (changes: InboxChange[] | "reset") => {
      void qc.invalidateQueries({ queryKey: inboxCountKey });
      void qc.invalidateQueries({ queryKey: notificationKeys.all });
      if (changes === "reset") {
        void qc.invalidateQueries({ queryKey: taskKeys.all });
        refreshList();
        return;
      }
      if (changes.some((c) => LIST_EVENTS.has(c.type))) refreshList();
      const visible = new Set(rowsRef.current.map((r) => r.id));
      // A run that ended (cancelled, failed) closes its tasks without a task event of their own.
      const endedRuns = new Set(changes.filter((c) => c.type.startsWith("run.")).map((c) => c.runId));
      const touched = new Set(changes.flatMap((c) => (c.taskId ? [c.taskId] : [])));
      for (const r of rowsRef.current) if (endedRuns.has(r.runId)) touched.add(r.id);
      for (const id of touched) {
        void qc.invalidateQueries({ queryKey: taskKeys.detail(id) });
        if (!visible.has(id)) continue;
        // A task in my list changed (someone decided it?): mark the row instead of letting me act on it.
        qc.fetchQuery(taskDetailQuery(id)).then(
          ({ task }) => {
            if (task.status === "open") return;
            const want = task.status === "approved" ? "approve" : "reject";
            const by =
              task.decisions
                .filter((d) => d.decision === want)
                .map((d) => d.userName)
                .join(", ") || "Switchyard";
            setOverlay((m) => new Map(m).set(id, { status: task.status, by }));
          },
          () => undefined,
        );
      }
    },
    [qc, refreshList],
  );
  const live = useInboxEvents(onChanges);

  // Without a live connection, poll slowly.
  useEffect(() => {
    if (live !== "offline") return;
    const t = setInterval(() => refreshList(), 15_000);
    return () => clearInterval(t);
  }, [live, refreshList]);

  const openTask = useCallback((id: string) => {
    setSelectedId(id);
    setPane("task");
    // one column (phones): the task starts at the top of the screen, not where the list was scrolled to
    if (window.matchMedia("(max-width: 1023.98px)").matches) window.scrollTo({ top: 0 });
  }, []);
  const backToList = () => {
    setPane("list");
    // the row of the task just seen comes back into view
    requestAnimationFrame(() => document.getElementById(`task-row-${selectedId ?? ""}`)?.scrollIntoView({ block: "center" }));
  };

  const changeFilters = (f: TaskListFilters) => {
    setFilters(f);
    setPicked(new Set());
    setOverlay(new Map());
    setSelectedId(null);
    autoSelect.current = true;
  };

  const move = useCallback(
    (delta: number) => {
      const list = rowsRef.current;
      if (!list.length) return;
      const i = list.findIndex((r) => r.id === selectedId);
      const next = list[Math.min(list.length - 1, Math.max(0, (i < 0 ? -1 : i) + delta))];
      setSelectedId(next.id);
      document.getElementById(`task-row-${next.id}`)?.scrollIntoView({ block: "nearest" });
    },
    [selectedId],
  );

  /** After my decision: go to the next open task in the list. */
  const advance = useCallback(() => {
    const list = rowsRef.current;
    const i = list.findIndex((r) => r.id === selectedId);
    const next = list.slice(i + 1).find((r) => !overlay.has(r.id)) ?? list.slice(0, Math.max(0, i)).find((r) => !overlay.has(r.id));
    // The last task stays open, showing the outcome (or "waiting for more reviewers").
    if (next) setSelectedId(next.id);
  }, [overlay, selectedId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || dialog || isTyping(e.target)) return;
      if (document.querySelector("[role=dialog]")) return;
      const key = e.key.toLowerCase();
      if (key === "j" || key === "arrowdown") {
        e.preventDefault();
        move(1);
        return;
      }
      if (key === "k" || key === "arrowup") {
        e.preventDefault();
        move(-1);
        return;
      }
      if (!selectedId) return;
      const detail = qc.getQueryData(taskDetailQuery(selectedId).queryKey)?.task;
      if (!detail || detail.status !== "open" || !detail.permissions.canDecide) return;
      const editable =
        typeof detail.editableSchema === "object" &&
        detail.editableSchema !== null &&
        Object.keys((detail.editableSchema as { properties?: object }).properties ?? {}).length > 0;
      if (key === "a") setDialog("approve");
      else if (key === "r") setDialog("reject");
      else if (key === "e" && editable) setDialog("edit");
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dialog, move, qc, selectedId]);

  const selectedVisible = selectedId !== null;
  return (
    // overflow-clip, not -hidden, below lg: a scroll container here would keep the decision bar from sticking to the screen
    <div
      className={cn("grid min-h-[calc(100dvh-10rem)] gap-0 overflow-clip rounded-xl border bg-card lg:grid-cols-[24rem_1fr]", touchTargets)}
      data-testid="inbox-view"
      data-pane={pane}
    >
      <div className={cn("min-h-0 flex-col lg:flex lg:border-r", pane === "list" ? "flex" : "hidden")} data-testid="inbox-list-pane">
        <div className="grid gap-3 border-b p-3">
          <TaskFilters filters={filters} onChange={changeFilters} decider={decider} />
          <div className="flex items-center justify-between text-xs text-muted-foreground">
            <span data-testid="task-total">
              {first ? `${first.total.toLocaleString("en-US")} open task${first.total === 1 ? "" : "s"}` : "Loading…"}
            </span>
            <span
              className="inline-flex items-center gap-1"
              title={
                live === "live"
                  ? "New tasks and decisions appear as they happen"
                  : "Reconnecting; the list refreshes every 15 seconds meanwhile"
              }
            >
              <Radio className={cn("size-3", live === "live" ? "text-status-succeeded" : "text-muted-foreground")} aria-hidden />
              {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Polling"}
            </span>
          </div>
        </div>
        <div className="min-h-0 flex-1 p-2 lg:max-h-[calc(100dvh-16rem)] lg:overflow-y-auto">
          {list.isPending ? (
            <div className="grid gap-2 p-1" aria-busy="true">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-20 w-full" />
              ))}
            </div>
          ) : list.isError ? (
            <EmptyState
              title="Could not load tasks"
              description={list.error.message}
              action={
                <Button variant="outline" onClick={() => void list.refetch()}>
                  Try again
                </Button>
              }
            />
          ) : rows.length === 0 ? (
            <EmptyState
              icon={Inbox}
              title="Nothing to review"
              description={
                filters.workflowId || filters.due || filters.lowConfidence || (filters.assigned && filters.assigned !== "all")
                  ? "No open task matches these filters. Clear them to see everything you can decide."
                  : "When a run reaches an approval step assigned to you or your role, it appears here at once."
              }
            />
          ) : (
            <>
              {pickedRows.length > 0 && (
                <div
                  role="region"
                  aria-label="Bulk approve"
                  className="sticky top-0 z-10 mb-2 flex flex-wrap items-center gap-2 rounded-md border bg-background p-2 text-sm shadow-xs"
                  data-testid="bulk-bar"
                >
                  <span className="font-medium" aria-live="polite">
                    {pickedRows.length} selected
                  </span>
                  {sameKind.length > pickedRows.length && (
                    <Button variant="ghost" size="sm" className="max-lg:h-11" onClick={() => setPicked(new Set(sameKind.map((r) => r.id)))}>
                      Select all {sameKind.length}
                    </Button>
                  )}
                  <Button variant="ghost" size="sm" className="max-lg:h-11" onClick={() => setPicked(new Set())}>
                    Clear
                  </Button>
                  <Button
                    size="sm"
                    className="ml-auto max-lg:h-11"
                    onClick={() => setBulkTasks(pickedRows.map((r) => ({ id: r.id, title: r.title })))}
                  >
                    <CheckCheck aria-hidden />
                    Approve selected
                  </Button>
                </div>
              )}
              <ul aria-label="Tasks" className="grid gap-1" data-testid="task-list">
                {rows.map((t) => (
                  <TaskRow
                    key={t.id}
                    task={t}
                    now={now}
                    selected={t.id === selectedId}
                    overlay={overlay.get(t.id)}
                    onSelect={openTask}
                    bulk={bulkOf(t)}
                  />
                ))}
              </ul>
              {bulkTasks && (
                <BulkApproveDialog
                  tasks={bulkTasks}
                  open
                  onOpenChange={(o) => {
                    if (!o) setBulkTasks(null);
                  }}
                  onDone={(approved) => {
                    setPicked((prev) => new Set([...prev].filter((id) => !approved.includes(id))));
                    void qc.invalidateQueries({ queryKey: inboxCountKey });
                    for (const id of approved) void qc.invalidateQueries({ queryKey: taskKeys.detail(id) });
                    refreshList();
                  }}
                />
              )}
            </>
          )}
          {list.hasNextPage && (
            <div className="p-2">
              <Button variant="outline" className="w-full" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage && <Spinner />}
                Load more
              </Button>
            </div>
          )}
        </div>
      </div>
      <div
        className={cn("min-h-0 lg:block lg:max-h-[calc(100dvh-10rem)] lg:overflow-y-auto", pane === "task" ? "block" : "hidden")}
        data-testid="inbox-task-pane"
      >
        <div className="border-b p-2 lg:hidden">
          <Button variant="ghost" className="h-11" onClick={backToList}>
            <ArrowLeft aria-hidden />
            Back to tasks
          </Button>
        </div>
        {selectedVisible ? (
          <TaskPanel taskId={selectedId} dialog={dialog} setDialog={setDialog} onDecided={advance} />
        ) : (
          <EmptyState
            className="m-6"
            icon={MousePointerClick}
            title="No task selected"
            description="Pick a task from the list, or press j to start at the top."
          />
        )}
      </div>
    </div>
  );
}
