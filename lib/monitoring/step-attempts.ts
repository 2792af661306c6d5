// A step's attempts, reconstructed from its events (pure: the step inspector's read model uses it).
import type { StepAttempt } from "./run-view-types";
import type { RunEventMessage } from "./sse-messages";

/** Attempts of a step, reconstructed from its events (started / retrying / failed / succeeded …). */
export function attemptsFromEvents(events: RunEventMessage[]): StepAttempt[] {
  const byNo = new Map<number, StepAttempt>();
  const get = (n: number) => {
    let a = byNo.get(n);
    if (!a)
      byNo.set(n, (a = { attempt: n, startedAtMs: null, endedAtMs: null, outcome: "running", reason: null, code: null, retryAtMs: null }));
    return a;
  };
  let current = 1;
  for (const e of events) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const n = typeof d.attempt === "number" ? d.attempt : current;
    switch (e.type) {
      case "step.started": {
        current = n;
        const a = get(n);
        a.startedAtMs ??= e.atMs;
        a.outcome = "running";
        break;
      }
      case "step.retrying": {
        const a = get(n);
        a.startedAtMs ??= e.atMs;
        a.endedAtMs = e.atMs;
        a.outcome = d.code === "interrupted" ? "interrupted" : "retrying";
        a.reason = typeof d.reason === "string" ? d.reason : null;
        a.code = typeof d.code === "string" ? d.code : null;
        a.retryAtMs = typeof d.wakeAtMs === "number" ? d.wakeAtMs : null;
        break;
      }
      case "step.failed": {
        const a = get(n);
        a.startedAtMs ??= e.atMs;
        a.endedAtMs = e.atMs;
        a.outcome = "failed";
        a.reason = typeof d.message === "string" ? d.message : null;
        a.code = typeof d.code === "string" ? d.code : null;
        break;
      }
      case "step.succeeded": {
        const a = get(n);
        a.startedAtMs ??= e.atMs;
        a.endedAtMs = e.atMs;
        a.outcome = "succeeded";
        break;
      }
      case "step.waiting": {
        const a = get(n);
        a.startedAtMs ??= e.atMs;
        if (a.outcome === "running") a.outcome = "waiting";
        break;
      }
      case "step.cancelled": {
        const a = get(current);
        a.endedAtMs ??= e.atMs;
        if (a.outcome === "running" || a.outcome === "waiting") a.outcome = "cancelled";
        a.reason ??= typeof d.reason === "string" ? d.reason : null;
        break;
      }
    }
  }
  return [...byNo.values()].sort((a, b) => a.attempt - b.attempt);
}
