// Effects that wait or were interrupted. A step found `running` by a new holder was interrupted by a
// crash: it is sent again with the same attempt and idempotency key, at most MAX_DELIVERIES times,
// after which it counts as a failed attempt. A `nonIdempotent` node is never re-sent automatically:
// it parks with a `recovery` task (approve → new attempt, reject → the step fails). An effect parked
// on its own tasks or child runs (ParkRequest) continues the same attempt once all of them settled.
import type { WorkflowNode } from "@/lib/model/graph-schema";
import { isActiveRun } from "@/lib/model/vocabulary";
import type { ExpressionScope } from "@/lib/model/scope";
import type { Cycle } from "./cycle";
import { NonRetriableError, RetryableError } from "./errors";
import type { StepRecord } from "./ports";
import type { RunState } from "./run-state";
import { singleDecisionTask } from "./task-spec";

/** Interrupted deliveries of one attempt re-sent with the same idempotency key before it counts as failed. */
export const MAX_DELIVERIES = 3;

/** A step found running without a worker: the previous holder crashed mid-call. */
export function recoverInterrupted(st: RunState, node: WorkflowNode, step: StepRecord, scope: ExpressionScope, cycle: Cycle): void {
  const { now } = cycle;
  if (node.nonIdempotent) {
    if (st.tasks.has(step.stepKey)) {
      st.fail(node, step, new NonRetriableError("Non-idempotent step was interrupted again after a recovery review", "interrupted"), now);
      return;
    }
    const info = {
      message: "Interrupted mid-call (worker lost); the node is non-idempotent, so it waits for review",
      code: "interrupted",
    };
    st.put({ ...step, error: info });
    const task = singleDecisionTask({
      type: "recovery",
      title: `Recover step "${node.name}"`,
      instructions:
        `The worker running "${node.name}" stopped during attempt ${step.attempt}. The node is marked non-idempotent, ` +
        `so it was not sent again automatically. Check whether the call took effect on the remote side, then approve ` +
        `to send it again (as a new attempt) or reject to fail the step.`,
      payload: { stepKey: step.stepKey, attempt: step.attempt, idempotencyKey: step.idempotencyKey, request: step.input },
      editableSchema: {},
      context: { reason: "interrupted" },
      role: "admin",
    });
    st.park(node, { ...step, error: info }, { wakeAtMs: null, reason: "recovery", input: step.input, task }, now);
    return;
  }
  const prev = step.error as { deliveries?: unknown } | null;
  const deliveries = (typeof prev?.deliveries === "number" ? prev.deliveries : 1) + 1;
  if (deliveries > MAX_DELIVERIES) {
    st.fail(node, step, new RetryableError(`Interrupted ${MAX_DELIVERIES} times mid-call`, { kind: "timeout", code: "interrupted" }), now);
    return;
  }
  const s: StepRecord = {
    ...step,
    error: { message: "Interrupted mid-call; sent again with the same idempotency key", code: "interrupted", deliveries },
    startedAtMs: now,
  };
  st.put(s);
  st.event("step.retrying", s.stepKey, {
    attempt: s.attempt,
    reason: "interrupted (worker lost its lease)",
    code: "interrupted",
    delivery: deliveries,
    idempotencyKey: s.idempotencyKey,
  });
  cycle.launches.push({ node, step: s, prepared: s.input, scope });
}

/** A waiting effect: its recovery review was decided, its retry backoff is due, or everything it parked on settled. */
export function revisitParkedEffect(st: RunState, node: WorkflowNode, step: StepRecord, scope: ExpressionScope, cycle: Cycle): void {
  const task = st.tasks.get(step.stepKey);
  if (task && task.type === "recovery") {
    if (task.status === "approved") st.startAttempt(node, step, step.input, scope, cycle);
    else if (task.status !== "open") {
      const err = new NonRetriableError(`Interrupted step was not retried: recovery task ${task.status}`, "interrupted");
      st.fail(node, step, err, cycle.now);
    }
    return;
  }
  if (step.wakeAtMs !== null) {
    if (step.wakeAtMs <= cycle.now) st.startAttempt(node, step, step.input, scope, cycle);
    return;
  }
  const parked = st.parkedTasks(step.stepKey);
  const kids = st.parkedChildren(step.stepKey);
  if (parked.length + kids.length > 0 && parked.every((t) => t.status !== "open") && kids.every((c) => !isActiveRun(c.status))) {
    // Every task the effect parked on is decided and every child it started has ended:
    // continue the same attempt (same key).
    const s: StepRecord = { ...step, status: "running", startedAtMs: cycle.now };
    st.put(s);
    st.event("step.resumed", s.stepKey, {
      attempt: s.attempt,
      tasks: parked.map((t) => ({ taskId: t.id, status: t.status })),
      children: kids.map((c) => ({ runId: c.id, status: c.status })),
    });
    cycle.launches.push({ node, step: s, prepared: s.input, scope });
  }
}
