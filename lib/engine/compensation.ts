// Compensation is a run phase. When the run would fail, or a Compensate node is reached, and some
// completed steps name an undo node, the run becomes `compensating`: open steps are cancelled and
// each undo step (key `<stepKey>~undo`) runs in reverse completion order, one at a time, like any
// other step (retries, crash recovery). The run ends `compensated`, or `compensation_failed` at the
// first undo step that fails for good. The list is recomputed from rows on every pass, so a restart
// resumes at the first undo step that has not succeeded.
import type { JsonValue } from "@/lib/model/json-value";
import type { ExpressionScope } from "@/lib/model/scope";
import type { Cycle } from "./cycle";
import type { StepErrorInfo } from "./errors";
import { topFrame, visitStep } from "./frames";
import type { StepRecord } from "./ports";
import type { RunState } from "./run-state";
import { UNDO_SUFFIX, framePrefixOf } from "./step-keys";

/** Completed steps with an undo node, newest completion first. */
function undoable(st: RunState): StepRecord[] {
  const out: StepRecord[] = [];
  for (const s of st.steps.values()) {
    if (s.status === "succeeded" && st.g.undoOf.has(s.nodeId) && framePrefixOf(s) !== null) out.push(s);
  }
  return out.sort(
    (a, b) =>
      (b.finishedAtMs ?? 0) - (a.finishedAtMs ?? 0) ||
      (st.g.position.get(b.nodeId) ?? 0) - (st.g.position.get(a.nodeId) ?? 0) ||
      (a.stepKey < b.stepKey ? 1 : -1),
  );
}

export function hasUndoableSteps(st: RunState): boolean {
  for (const s of st.steps.values()) if (s.status === "succeeded" && st.g.undoOf.has(s.nodeId)) return true;
  return false;
}

/** Switch the run to compensating: cancel what is open, drop this pass's launches, record why. */
export function enterCompensation(st: RunState, cycle: Cycle): void {
  const cause = st.compensationCause!;
  st.cancelOpen("", cycle.now, "run compensating");
  st.closeEverything();
  cycle.launches.length = 0;
  st.error = null;
  st.status = "compensating";
  st.event("run.compensating", cause.stepKey ?? null, { ...cause, undo: undoable(st).map((s) => s.stepKey) });
}

/** Run the next undo step (or keep waiting on it); finish the run when none is left or one failed. */
export async function advanceCompensation(st: RunState, cycle: Cycle): Promise<void> {
  const cause = st.compensationCause!;
  st.status = "compensating";
  for (const done of undoable(st)) {
    const undoNode = st.g.undoOf.get(done.nodeId)!;
    const original = st.g.index.nodes.get(done.nodeId)!;
    const key = done.stepKey + UNDO_SUFFIX;
    const scope: ExpressionScope = {
      ...st.scope,
      compensation: { step: original.name, stepKey: done.stepKey, input: done.input, output: done.output } as JsonValue,
    };
    const u = await visitStep(st, topFrame(st, scope), undoNode, key, cycle);
    if (u.status === "succeeded") continue;
    if (u.status === "failed" || u.status === "cancelled") {
      const info = (u.error as StepErrorInfo | null) ?? { message: `undo step ${u.status}`, code: u.status };
      const error = { message: `Undo of "${original.name}" failed: ${info.message}`, code: "compensation_failed", stepKey: key, cause };
      st.finish("compensation_failed", error, cycle);
      return;
    }
    // An undo step is still running or waiting: stay compensating (the cause is the run's error).
    st.error = cause;
    return;
  }
  st.finish("compensated", { ...cause }, cycle);
}
