// Retry failed steps in place ("redrive", as in Step Functions): a failed run resumes from where it
// stopped, keeping every completed step and its stored output. In ONE transaction (store.redriveRun):
//  - each failed step that was not routed down an `error` edge goes back to `pending` with its attempt
//    count kept, so the next attempt gets a NEW idempotency key (runId:stepKey:attempt+1);
//  - each step the failure cancelled is put back as it was: an effect that was in flight becomes
//    `running` again, so the interpreter re-sends it with the SAME attempt and key (or parks a
//    non-idempotent node for review), an effect waiting for a retry becomes due now, a parked step
//    whose task was cancelled gets that task reopened (same assignees, earlier decisions kept), one
//    whose task was already decided waits again and resumes with that decision, and anything else
//    (timers, steps never started) starts over;
//  - the run goes back to `queued` with a new fencing token, events `run.retried` and
//    `step.redriven` and an audit entry `run.retried` are written, and workers are woken.
// Steps that succeeded, were skipped or failed into an error edge are never touched, so their effects
// are not repeated.
import type { NodeKind } from "@/lib/model/node-kind";
import { ConflictError } from "./errors";
import { executorFor } from "./executors";
import type { EventWrite, RedriveContext, RedrivePlan, RunRecord, StepRecord, StepStatus } from "./ports";
import { assertTestRunByPerson, type EngineDeps } from "./run-service";

export interface RetryFailedInput {
  runId: string;
  userId: string | null;
  /** The caller used an API key: a test run is then not retried (assertTestRunByPerson). */
  byApiKey?: boolean;
}

function isEffect(kind: string): boolean {
  try {
    return executorFor(kind as NodeKind).effect;
  } catch {
    return false;
  }
}

/** Was this cancelled effect step in flight (as opposed to waiting for a retry backoff)? */
function wasInFlight(s: StepRecord): boolean {
  if (s.error === null || s.error === undefined) return true;
  const e = s.error as { code?: unknown; deliveries?: unknown };
  return e.code === "interrupted" && typeof e.deliveries === "number";
}

export function planRedrive(ctx: RedriveContext, userId: string | null): RedrivePlan {
  const { run, steps, tasks, now } = ctx;
  const taskByStep = new Map(tasks.map((t) => [t.stepKey, t]));
  const out: RedrivePlan["steps"] = [];
  const reopenTaskIds: string[] = [];
  const events: EventWrite[] = [];
  const failed: string[] = [];
  const reset = (s: StepRecord, next: Partial<StepRecord> & { status: StepStatus }, reason: string) => {
    out.push({ fromStatus: s.status, step: { ...s, finishedAtMs: null, ...next } });
    events.push({ type: "step.redriven", stepKey: s.stepKey, data: { from: s.status, to: next.status, attempt: s.attempt, reason } });
  };
  for (const s of steps) {
    if (s.status === "failed" && s.outputHandle !== "error") {
      failed.push(s.stepKey);
      reset(s, { status: "pending", output: null, outputHandle: null, error: null, wakeAtMs: null }, "failed step gets a new attempt");
      continue;
    }
    if (s.status !== "cancelled") continue;
    const task = taskByStep.get(s.stepKey);
    if (task && task.status === "cancelled") {
      reopenTaskIds.push(task.id);
      reset(s, { status: "waiting", wakeAtMs: task.dueAtMs }, "task reopened");
    } else if (task) {
      // Decided (or timed out) before the step could resume: waiting again, it resumes with that result.
      reset(s, { status: "waiting", wakeAtMs: task.status === "open" ? task.dueAtMs : now }, `task already ${task.status}`);
    } else if (isEffect(s.kind) && s.attempt > 0 && s.idempotencyKey) {
      if (wasInFlight(s)) reset(s, { status: "running", wakeAtMs: null }, "interrupted call is sent again with the same idempotency key");
      else reset(s, { status: "waiting", wakeAtMs: now }, "retry is due now");
    } else {
      reset(s, { status: "pending", output: null, outputHandle: null, error: null, wakeAtMs: null }, "starts over");
    }
  }
  if (failed.length === 0) {
    throw new ConflictError(
      "This run has no failed step to retry (it failed before any step ran); start a new run instead",
      "nothing_to_retry",
    );
  }
  events.unshift({
    type: "run.retried",
    data: { by: userId, failedSteps: failed, resetSteps: out.map((o) => o.step.stepKey), previousError: run.error ?? null },
  });
  return {
    steps: out,
    reopenTaskIds,
    events,
    audit: {
      atMs: now,
      actorId: userId,
      actorType: userId ? "user" : "system",
      action: "run.retried",
      targetType: "run",
      targetId: run.id,
      data: { workflowId: run.workflowId, versionId: run.versionId, failedSteps: failed, resetSteps: out.map((o) => o.step.stepKey) },
    },
  };
}

/** Resume a failed run in place from its failed steps, keeping completed work. 404 unknown run, 409 not failed. */
export async function retryFailedSteps(deps: EngineDeps, req: RetryFailedInput): Promise<RunRecord> {
  const run = await deps.store.redriveRun(req.runId, (ctx) => {
    assertTestRunByPerson(ctx.run, req.byApiKey);
    return planRedrive(ctx, req.userId);
  });
  deps.notifier?.notify();
  return run;
}
