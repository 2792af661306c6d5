"use client";
// The run as a story: one row per step in the order the steps started, a Loop/Map's iterations
// nested under it (lib/monitoring/timeline-rows.ts), each on the run's time axis and coloured by
// status (a failure an error edge took is "handled"); time spent parked (a person, a timer, an
// event, a child run: the node-kind registry's `waits`) is hatched. Start times are relative to the
// run's start to the millisecond, absolute on hover. Each row is a button that opens the step
// inspector (the keyboard path to every step). Long timelines (a 1,000-item Map) render only the
// rows in view.
import { useEffect, useMemo, useState } from "react";
import { statusDotClass, isStatus } from "@/components/ui/status-badge";
import { cn } from "@/lib/utils";
import { stepKeyContext } from "@/lib/model/step-key";
import { formatDuration } from "@/lib/format";
import { formatOffset, formatTimeMs } from "@/lib/monitoring/format-run";
import { displayStatus, isWaitKind } from "@/lib/monitoring/step-outcome";
import { timelineRows } from "@/lib/monitoring/timeline-rows";
import type { StepSummary, TaskSummary } from "@/lib/monitoring/run-view-types";

function useNow(active: boolean, initial: number): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** Row height in pixels (fixed, so a long timeline can render only the rows in view). */
const ROW_PX = 26;
/** Height of the scrolling list (max-h-[28rem]). */
const VIEW_PX = 448;
/** From this many rows on, only the rows in view (plus a margin) are in the DOM. */
export const VIRTUAL_FROM = 150;
const OVERSCAN = 15;

const GRID = "grid grid-cols-[5.5rem_13rem_1fr_4.5rem] items-center gap-2";

export function RunTimeline({
  steps,
  tasks,
  graph,
  runStartMs,
  runEndMs,
  serverNowMs,
  names,
  selectedStepKey,
  onSelect,
}: {
  steps: StepSummary[];
  tasks: TaskSummary[];
  graph: { nodes: readonly { id: string }[]; edges: readonly { source: string; target: string }[] } | null;
  runStartMs: number | null;
  runEndMs: number | null;
  serverNowMs: number;
  names: Record<string, string>;
  selectedStepKey: string | null;
  onSelect: (stepKey: string) => void;
}) {
  const now = useNow(runEndMs === null, serverNowMs);
  const rows = useMemo(() => timelineRows(steps, graph), [steps, graph]);
  const [scrollTop, setScrollTop] = useState(0);
  const t0 = runStartMs ?? Math.min(...rows.map((r) => r.step.startedAtMs ?? r.step.scheduledAtMs), now);
  const t1 = Math.max(runEndMs ?? now, t0 + 1);
  const span = t1 - t0;
  const pct = (ms: number) => `${Math.min(100, Math.max(0, ((ms - t0) / span) * 100))}%`;
  const taskByStep = useMemo(() => new Map(tasks.map((t) => [t.stepKey, t])), [tasks]);
  const skipped = steps.length - rows.length;
  if (!rows.length) return <p className="text-sm text-muted-foreground">No steps have started yet.</p>;
  const virtual = rows.length >= VIRTUAL_FROM;
  const first = virtual ? Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN) : 0;
  const last = virtual ? Math.min(rows.length, Math.ceil((scrollTop + VIEW_PX) / ROW_PX) + OVERSCAN) : rows.length;
  return (
    // On a phone the timeline scrolls sideways inside its own box rather than widening the page.
    <div className="overflow-x-auto">
      <div
        className="grid min-w-[34rem] gap-2"
        data-testid="run-timeline"
        data-rows={rows.length}
        data-virtual={virtual ? "true" : "false"}
      >
        <div className={cn(GRID, "text-xs text-muted-foreground")} aria-hidden>
          <span>Started</span>
          <span>Step</span>
          <div className="flex justify-between">
            {[0, 0.25, 0.5, 0.75, 1].map((f) => (
              <span key={f}>{formatDuration(span * f)}</span>
            ))}
          </div>
          <span className="text-right">Took</span>
        </div>
        <ol
          className="max-h-[28rem] overflow-y-auto pr-1"
          aria-label={`Steps in the order they started (${rows.length})`}
          onScroll={virtual ? (e) => setScrollTop(e.currentTarget.scrollTop) : undefined}
        >
          {first > 0 && <li aria-hidden style={{ height: first * ROW_PX }} />}
          {rows.slice(first, last).map((row, i) => {
            const s = row.step;
            const start = s.startedAtMs ?? s.scheduledAtMs;
            const end = s.finishedAtMs ?? now;
            const task = taskByStep.get(s.stepKey);
            const waitFrom = task ? task.createdAtMs : isWaitKind(s.kind) || s.status === "waiting" ? start : null;
            const waitTo = task ? (task.decidedAtMs ?? now) : waitFrom !== null ? end : null;
            const shown = displayStatus(s);
            const status = isStatus(shown) ? shown : "pending";
            const name = names[s.nodeId] ?? s.nodeId;
            const context = row.frameLabel ?? stepKeyContext(s.stepKey, s.nodeId);
            // Read as "<name> (<step key>): <status>, <took>[, waited …], started <offset>": the visible
            // offset, context and duration are the same facts, so they are not read twice.
            const spoken = `${s.stepKey !== s.nodeId ? ` (${s.stepKey})` : ""}: ${shown}, ${formatDuration(end - start)}${waitFrom !== null && waitTo !== null ? `, waited ${formatDuration(waitTo - waitFrom)}` : ""}, started ${formatOffset(start - t0)}`;
            return (
              <li key={s.stepKey} style={{ height: ROW_PX }} aria-setsize={rows.length} aria-posinset={first + i + 1}>
                <button
                  type="button"
                  onClick={() => onSelect(s.stepKey)}
                  aria-pressed={selectedStepKey === s.stepKey}
                  data-step-key={s.stepKey}
                  data-status={shown}
                  className={cn(
                    GRID,
                    "h-6 w-full rounded-sm px-1 text-left text-xs hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
                    selectedStepKey === s.stepKey && "bg-muted",
                  )}
                >
                  <span aria-hidden className="tabular-nums text-muted-foreground" title={formatTimeMs(start)} data-slot="step-offset">
                    {formatOffset(start - t0)}
                  </span>
                  <span className="truncate" title={s.stepKey} style={{ paddingLeft: `${row.depth * 0.75}rem` }}>
                    {row.depth > 0 && (
                      <span aria-hidden className="text-muted-foreground">
                        └{" "}
                      </span>
                    )}
                    <span aria-hidden>{name}</span>
                    <span className="sr-only">
                      {name}
                      {spoken}
                    </span>
                    {context && (
                      <span aria-hidden className="text-muted-foreground">
                        {" "}
                        · {context}
                      </span>
                    )}
                  </span>
                  <span className="relative h-4 rounded-sm bg-muted/60">
                    <span
                      className={cn(
                        "absolute inset-y-0 min-w-[3px] rounded-sm",
                        statusDotClass[status],
                        s.status === "running" && "animate-pulse",
                      )}
                      style={{ left: pct(start), width: `calc(${pct(end)} - ${pct(start)})` }}
                    />
                    {waitFrom !== null && waitTo !== null && (
                      <span
                        className="absolute inset-y-0 rounded-sm bg-[repeating-linear-gradient(135deg,transparent_0_4px,rgb(0_0_0/0.25)_4px_7px)]"
                        style={{ left: pct(waitFrom), width: `calc(${pct(waitTo)} - ${pct(waitFrom)})` }}
                        title="waiting"
                      />
                    )}
                  </span>
                  <span aria-hidden className="text-right tabular-nums text-muted-foreground">
                    {formatDuration(end - start)}
                  </span>
                </button>
              </li>
            );
          })}
          {last < rows.length && <li aria-hidden style={{ height: (rows.length - last) * ROW_PX }} />}
        </ol>
        <p className="flex flex-wrap gap-3 text-xs text-muted-foreground">
          <span className="inline-flex items-center gap-1">
            <span
              aria-hidden
              className="inline-block size-3 rounded-sm bg-[repeating-linear-gradient(135deg,var(--muted)_0_4px,rgb(0_0_0/0.35)_4px_7px)]"
            />{" "}
            waiting (person, timer, event or child run)
          </span>
          <span className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block size-3 rounded-sm bg-status-handled" /> handled failure (an error edge took it)
          </span>
          {skipped > 0 && (
            <span>
              {skipped} skipped step{skipped === 1 ? "" : "s"} not shown
            </span>
          )}
        </p>
      </div>
    </div>
  );
}
