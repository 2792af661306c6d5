"use client";
// Gantt of the run's steps: one row per step on the run's time axis, coloured by status; time spent
// waiting (for a person, a timer or a retry back-off) is hatched. Each row is a button that opens
// the step inspector (the keyboard path to every step).
import { useEffect, useState } from "react";
import { statusDotClass, isStatus } from "@/components/ui/status-badge";
import { cn } from "@/lib/utils";
import { stepKeyContext } from "@/lib/model/step-key";
import { formatDuration } from "@/lib/format";
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

const WAIT_KINDS = new Set(["approval", "delay", "wait_until", "wait_event", "wait_callback"]);

export function RunTimeline({
  steps,
  tasks,
  runStartMs,
  runEndMs,
  serverNowMs,
  names,
  selectedStepKey,
  onSelect,
}: {
  steps: StepSummary[];
  tasks: TaskSummary[];
  runStartMs: number | null;
  runEndMs: number | null;
  serverNowMs: number;
  names: Record<string, string>;
  selectedStepKey: string | null;
  onSelect: (stepKey: string) => void;
}) {
  const now = useNow(runEndMs === null, serverNowMs);
  const rows = steps
    .filter((s) => s.status !== "skipped")
    .sort((a, b) => (a.startedAtMs ?? a.scheduledAtMs) - (b.startedAtMs ?? b.scheduledAtMs) || a.stepKey.localeCompare(b.stepKey));
  const t0 = runStartMs ?? Math.min(...rows.map((s) => s.startedAtMs ?? s.scheduledAtMs), now);
  const t1 = Math.max(runEndMs ?? now, t0 + 1);
  const span = t1 - t0;
  const pct = (ms: number) => `${Math.min(100, Math.max(0, ((ms - t0) / span) * 100))}%`;
  const taskByStep = new Map(tasks.map((t) => [t.stepKey, t]));
  const skipped = steps.length - rows.length;
  if (!rows.length) return <p className="text-sm text-muted-foreground">No steps have started yet.</p>;
  return (
    <div className="grid gap-2" data-testid="run-timeline">
      <div className="grid grid-cols-[12rem_1fr_5rem] gap-2 text-xs text-muted-foreground" aria-hidden>
        <span>Step</span>
        <div className="flex justify-between">
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <span key={f}>{formatDuration(span * f)}</span>
          ))}
        </div>
        <span className="text-right">Took</span>
      </div>
      <ol className="grid max-h-[28rem] gap-1 overflow-y-auto pr-1" aria-label="Steps on the run's time axis">
        {rows.map((s) => {
          const start = s.startedAtMs ?? s.scheduledAtMs;
          const end = s.finishedAtMs ?? now;
          const task = taskByStep.get(s.stepKey);
          const waitFrom = task ? task.createdAtMs : WAIT_KINDS.has(s.kind) || s.status === "waiting" ? start : null;
          const waitTo = task ? (task.decidedAtMs ?? now) : waitFrom !== null ? end : null;
          const status = isStatus(s.status) ? s.status : "pending";
          const name = names[s.nodeId] ?? s.nodeId;
          const label = `${name}${s.stepKey !== s.nodeId ? ` (${s.stepKey})` : ""}: ${s.status}, ${formatDuration(end - start)}${waitFrom !== null && waitTo !== null ? `, waited ${formatDuration(waitTo - waitFrom)}` : ""}`;
          return (
            <li key={s.stepKey}>
              <button
                type="button"
                onClick={() => onSelect(s.stepKey)}
                aria-label={label}
                aria-pressed={selectedStepKey === s.stepKey}
                data-step-key={s.stepKey}
                className={cn(
                  "grid w-full grid-cols-[12rem_1fr_5rem] items-center gap-2 rounded-sm px-1 py-0.5 text-left text-xs hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
                  selectedStepKey === s.stepKey && "bg-muted",
                )}
              >
                <span className="truncate" title={s.stepKey}>
                  {name}
                  {s.stepKey !== s.nodeId && <span className="text-muted-foreground"> · {stepKeyContext(s.stepKey, s.nodeId)}</span>}
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
                <span className="text-right tabular-nums text-muted-foreground">{formatDuration(end - start)}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <p className="flex flex-wrap gap-3 text-xs text-muted-foreground">
        <span className="inline-flex items-center gap-1">
          <span
            aria-hidden
            className="inline-block size-3 rounded-sm bg-[repeating-linear-gradient(135deg,var(--muted)_0_4px,rgb(0_0_0/0.35)_4px_7px)]"
          />{" "}
          waiting (person, timer or retry back-off)
        </span>
        {skipped > 0 && (
          <span>
            {skipped} skipped step{skipped === 1 ? "" : "s"} not shown
          </span>
        )}
      </p>
    </div>
  );
}
