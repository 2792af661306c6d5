// From step rows to what the canvas draws: one status per node (loop/map iterations folded in), the
// edges the run actually took, and live patches from RunEvents between two reads. Isomorphic.
import type { StepSummary, StepViewStatus } from "./run-view-types";
import type { RunEventMessage } from "./sse-messages";
import { displayStatus } from "./step-outcome";

export interface NodeState {
  status: string;
  attempt?: number;
  iterations?: number;
}

const OPEN_ORDER = ["running", "waiting", "pending"];

/** Per node: an open state wins (something is still happening there), else the latest step's state ("handled" for a failure an error edge took). */
export function nodeStates(steps: readonly StepSummary[]): Record<string, NodeState> {
  const byNode = new Map<string, StepSummary[]>();
  for (const s of steps) {
    const list = byNode.get(s.nodeId) ?? [];
    list.push(s);
    byNode.set(s.nodeId, list);
  }
  const out: Record<string, NodeState> = {};
  for (const [nodeId, list] of byNode) {
    const open = OPEN_ORDER.map((st) => list.find((s) => s.status === st)).find(Boolean);
    const latest =
      open ?? [...list].sort((a, b) => (a.finishedAtMs ?? a.scheduledAtMs) - (b.finishedAtMs ?? b.scheduledAtMs))[list.length - 1];
    const iterated = list.length > 1 || list.some((s) => s.stepKey !== s.nodeId);
    const state: NodeState = { status: displayStatus(latest) };
    const attempt = Math.max(...list.map((s) => s.attempt));
    if (attempt > 1) state.attempt = attempt;
    if (iterated) state.iterations = list.length;
    out[nodeId] = state;
  }
  return out;
}

interface EdgeLike {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

/** Edges the run went down: the source left through that handle and the target was reached. */
export function takenEdges(edges: readonly EdgeLike[], steps: readonly StepSummary[]): Set<string> {
  const bySource = new Map<string, StepSummary[]>();
  const reached = new Set<string>();
  for (const s of steps) {
    const list = bySource.get(s.nodeId) ?? [];
    list.push(s);
    bySource.set(s.nodeId, list);
    if (s.status !== "skipped" && s.status !== "pending") reached.add(s.nodeId);
  }
  const taken = new Set<string>();
  for (const e of edges) {
    const src = bySource.get(e.source);
    if (!src || !reached.has(e.target)) continue;
    if (src.some((s) => (s.status === "succeeded" || s.status === "failed") && s.outputHandle === e.sourceHandle)) taken.add(e.id);
  }
  return taken;
}

const EVENT_STATUS: Record<string, StepViewStatus> = {
  "step.started": "running",
  "step.waiting": "waiting",
  "step.retrying": "waiting",
  "step.succeeded": "succeeded",
  "step.failed": "failed",
  "step.skipped": "skipped",
  "step.cancelled": "cancelled",
  "step.compensated": "compensated",
};

/** Patch step rows with an event until the next full read (new steps appear, statuses move). */
export function applyStepEvent(steps: readonly StepSummary[], e: RunEventMessage): StepSummary[] {
  const status = e.stepKey ? EVENT_STATUS[e.type] : undefined;
  if (!status || !e.stepKey) return steps as StepSummary[];
  const d = (e.data ?? {}) as { attempt?: unknown; handle?: unknown; message?: unknown; reason?: unknown };
  const i = steps.findIndex((s) => s.stepKey === e.stepKey);
  const done = ["succeeded", "failed", "skipped", "cancelled", "compensated"].includes(status);
  const patch: Partial<StepSummary> = {
    status,
    ...(typeof d.attempt === "number" ? { attempt: d.attempt } : {}),
    ...(typeof d.handle === "string" ? { outputHandle: d.handle } : {}),
    ...(status === "failed" && typeof d.message === "string" ? { errorMessage: d.message } : {}),
    ...(done ? { finishedAtMs: e.atMs } : {}),
    ...(status === "running" ? { startedAtMs: e.atMs, finishedAtMs: null } : {}),
  };
  if (i >= 0) {
    const next = [...steps];
    next[i] = { ...steps[i], ...patch };
    return next;
  }
  const nodeId = e.stepKey.split(/[#@[:]/)[0] || e.stepKey;
  return [
    ...steps,
    {
      stepKey: e.stepKey,
      nodeId,
      kind: "",
      status,
      attempt: 1,
      outputHandle: null,
      errorMessage: null,
      wakeAtMs: null,
      scheduledAtMs: e.atMs,
      startedAtMs: e.atMs,
      finishedAtMs: done ? e.atMs : null,
      ...patch,
    },
  ];
}
