// Frames: one execution of a region — the top level, a Loop pass or a Map item. A body step's key is
// the frame prefix plus the node id, so every pass is its own row and frames nest (`m[3]/l#2/http`).
// Frame state is derived from rows on every load: a frame is done when all its region's steps are
// terminal, and its result is the output of the step whose loop-back edge was taken. A failure inside
// a frame fails the frame (not the run); the container decides (see containers.ts).
//
// Within a frame, an edge is taken when its source finished on the edge's handle, dead when the source
// finished on another handle or was skipped. A node is ready when all its incoming edges are decided
// and at least one is taken; all dead ⇒ skipped (dead-path elimination). Joins in mode any / first_n
// fire as soon as enough edges are taken. One pass in topological order settles every deterministic
// node, because a node's sources come before it.
import type { WorkflowNode } from "@/lib/model/graph-schema";
import type { ExpressionScope } from "@/lib/model/scope";
import type { Region } from "./compiled-graph";
import { advanceContainer, isContainerNode } from "./containers";
import type { Cycle } from "./cycle";
import type { StepErrorInfo } from "./errors";
import { executorFor } from "./executors";
import type { StepRecord } from "./ports";
import { isOpenStep } from "./step-status";
import { recoverInterrupted, revisitParkedEffect } from "./recovery";
import type { RunState } from "./run-state";

export interface Frame {
  prefix: string;
  region: Region;
  scope: ExpressionScope;
  /** The value the container's body edge carries into this frame (item / previous result). */
  entry: unknown;
}

export type FrameResult = { status: "open" } | { status: "done"; output: unknown } | { status: "failed"; error: StepErrorInfo };

type EdgeState = "taken" | "dead" | "open";
type TakenSource = { nodeId: string; name: string; output: unknown };

export function topFrame(st: RunState, scope: ExpressionScope = st.scope): Frame {
  return { prefix: "", region: st.g.regions.get("")!, scope, entry: undefined };
}

/** Visit every node of the frame in topological order: start what is ready, skip what is dead, revisit what is open. */
export async function advanceFrame(st: RunState, frame: Frame, cycle: Cycle): Promise<void> {
  const top = frame.prefix === "";
  for (const id of frame.region.nodes) {
    if (top && (st.error || st.compensationCause)) break;
    const node = st.g.index.nodes.get(id)!;
    const key = frame.prefix + id;
    const existing = st.steps.get(key);
    if (existing) {
      if (isOpenStep(existing)) await revisit(st, frame, node, existing, cycle);
      continue;
    }
    const ready = readiness(st, frame, node);
    if (ready === "wait") continue;
    if (ready === "skip") {
      st.skip(node, key, cycle.now);
      continue;
    }
    await begin(st, frame, node, st.newStep(node, key, cycle.now), ready, cycle);
  }
}

/** Start or continue one step of a frame outside the topological pass (an undo step). */
export async function visitStep(st: RunState, frame: Frame, node: WorkflowNode, key: string, cycle: Cycle): Promise<StepRecord> {
  const existing = st.steps.get(key);
  if (!existing) await begin(st, frame, node, st.newStep(node, key, cycle.now), [], cycle);
  else if (isOpenStep(existing)) await revisit(st, frame, node, existing, cycle);
  return st.steps.get(key)!;
}

export type RunFrame = (st: RunState, frame: Frame, cycle: Cycle) => Promise<FrameResult>;

/** Run what can run of a frame now and report its state. */
export async function runFrame(st: RunState, frame: Frame, cycle: Cycle): Promise<FrameResult> {
  const before = frameResult(st, frame);
  if (before.status !== "open") return before;
  await advanceFrame(st, frame, cycle);
  return frameResult(st, frame);
}

function edgeState(st: RunState, key: string, handle: string): EdgeState {
  const s = st.steps.get(key);
  if (!s) return "open";
  switch (s.status) {
    case "succeeded":
      return s.outputHandle === handle ? "taken" : "dead";
    case "failed":
      return s.outputHandle === "error" && handle === "error" ? "taken" : "dead";
    case "skipped":
    case "cancelled":
      return "dead";
    default:
      return "open";
  }
}

function readiness(st: RunState, frame: Frame, node: WorkflowNode): "wait" | "skip" | TakenSource[] {
  const incoming = st.g.index.incoming.get(node.id) ?? [];
  if (node.kind === "start") return [];
  const container = frame.region.container;
  let open = 0;
  const taken: (TakenSource & { at: number })[] = [];
  for (const e of incoming) {
    if (st.g.isLoopBack(e)) continue;
    if (container && e.source === container.id) {
      if (!taken.some((t) => t.nodeId === e.source)) taken.push({ nodeId: e.source, name: container.name, output: frame.entry, at: 0 });
      continue;
    }
    const es = edgeState(st, frame.prefix + e.source, e.sourceHandle);
    if (es === "open") open++;
    else if (es === "taken" && !taken.some((t) => t.nodeId === e.source)) {
      const src = st.steps.get(frame.prefix + e.source)!;
      taken.push({ nodeId: e.source, name: st.g.index.nodes.get(e.source)!.name, output: src.output, at: src.finishedAtMs ?? 0 });
    }
  }
  if (node.kind === "join" && node.config.mode !== "all") {
    const need = node.config.mode === "any" ? 1 : (node.config.n ?? 1);
    if (taken.length >= need) {
      taken.sort((a, b) => a.at - b.at || st.g.position.get(a.nodeId)! - st.g.position.get(b.nodeId)!);
      return taken.slice(0, need);
    }
    return open > 0 ? "wait" : "skip";
  }
  if (open > 0) return "wait";
  return taken.length > 0 ? taken : "skip";
}

async function begin(
  st: RunState,
  frame: Frame,
  node: WorkflowNode,
  step: StepRecord,
  takenSources: TakenSource[],
  cycle: Cycle,
): Promise<void> {
  const ex = executorFor(node.kind);
  const ctx = {
    run: st.run,
    stepKey: step.stepKey,
    scope: frame.scope,
    now: cycle.now,
    takenSources,
    resolveVersion: st.resolveVersion,
    newId: st.newId,
  };
  // A test run reuses a pinned output instead of running the node: no call, no child run.
  const pin = st.g.pinned.get(node.id);
  if (pin) {
    st.succeed(node, { ...step, attempt: 1, input: { pinned: true } }, pin.output, pin.handle, cycle.now);
    return;
  }
  try {
    if (ex.effect) {
      const prepared = ex.prepare ? await ex.prepare(node as never, ctx) : null;
      st.startAttempt(node, step, prepared, frame.scope, cycle);
      return;
    }
    const outcome = await ex.start!(node as never, ctx);
    const s = { ...step, attempt: 1 };
    if (outcome.type === "succeeded") st.succeed(node, s, outcome.output, outcome.handle, cycle.now);
    else {
      const { wakeAtMs, reason, input, task, child } = outcome;
      st.park(node, s, { wakeAtMs, reason, input, task, child }, cycle.now);
    }
  } catch (e) {
    st.fail(node, { ...step, attempt: 1 }, e, cycle.now);
    return;
  }
  if (isContainerNode(node)) {
    const parked = st.steps.get(step.stepKey)!;
    if (parked.status === "waiting") await advanceContainer(st, frame, node, parked, cycle, runFrame);
  }
}

async function revisit(st: RunState, frame: Frame, node: WorkflowNode, step: StepRecord, cycle: Cycle): Promise<void> {
  const ex = executorFor(node.kind);
  if (step.status === "running") {
    if (cycle.inFlight.has(step.stepKey)) return;
    recoverInterrupted(st, node, step, frame.scope, cycle);
    return;
  }
  if (step.status === "pending") {
    await begin(st, frame, node, step, [], cycle);
    return;
  }
  if (isContainerNode(node)) {
    await advanceContainer(st, frame, node, step, cycle, runFrame);
    return;
  }
  // waiting
  if (ex.effect) {
    revisitParkedEffect(st, node, step, frame.scope, cycle);
    return;
  }
  if (!ex.resume) return;
  const task = st.tasks.get(step.stepKey);
  const r = ex.resume(node as never, { now: cycle.now, step, task, child: st.children.get(step.stepKey) });
  if (r.type === "still_waiting") {
    if (r.wakeAtMs !== undefined && r.wakeAtMs !== step.wakeAtMs) st.put({ ...step, wakeAtMs: r.wakeAtMs });
    return;
  }
  if (r.type === "failed") {
    st.fail(node, step, r.error, cycle.now);
    return;
  }
  if (r.closeTask && task) st.timeOutTask(task, r.output);
  st.succeed(node, step, r.output, r.handle, cycle.now);
}

/** The state of one frame, from its step rows. */
function frameResult(st: RunState, frame: Frame): FrameResult {
  const memo = st.doneFrames.get(frame.prefix);
  if (memo !== undefined) return { status: "done", output: memo };
  let open = false;
  let failed: StepErrorInfo | null = null;
  let out: unknown = null;
  let outAt = -1;
  for (const id of frame.region.nodes) {
    const s = st.steps.get(frame.prefix + id);
    if (!s || isOpenStep(s)) {
      open = true;
      continue;
    }
    if ((s.status === "failed" && s.outputHandle !== "error") || s.status === "cancelled") {
      const e = (s.error as StepErrorInfo | null) ?? { message: `step ${s.status}`, code: s.status };
      failed ??= { message: e.message, code: e.code, stepKey: s.stepKey };
      continue;
    }
    const handles = frame.region.loopBack.get(id);
    if (handles && s.status !== "skipped" && s.outputHandle !== null && handles.has(s.outputHandle) && (s.finishedAtMs ?? 0) >= outAt) {
      out = s.output;
      outAt = s.finishedAtMs ?? 0;
    }
  }
  if (failed) return { status: "failed", error: failed };
  if (open) return { status: "open" };
  st.doneFrames.set(frame.prefix, out);
  return { status: "done", output: out };
}
