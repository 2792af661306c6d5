import { evaluateExpression } from "@/lib/model/expressions";
import { TIMEOUT_HANDLE } from "@/lib/model/node-kinds/wait-event";
import { MAX_CORRELATION_KEY_LENGTH, deliveryOf, eventWaitKey } from "@/lib/model/wait-keys";
import { NonRetriableError } from "../errors";
import { validateJsonSchema } from "../json-schema";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor, ResumeOutcome } from "./types";
import type { StepRecord } from "../ports";

/** The correlation expression's value as the key an event must carry (strings and finite numbers only). */
function correlationKey(v: unknown): string {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "string" && v.length > 0 && v.length <= MAX_CORRELATION_KEY_LENGTH) return v;
  throw new NonRetriableError(
    `Correlation key must be a non-empty string (at most ${MAX_CORRELATION_KEY_LENGTH} characters) or a number, got ${JSON.stringify(v)?.slice(0, 100)}`,
    "bad_correlation_key",
  );
}

/**
 * Shared by Wait for event and Wait for callback: a delivery written into the waiting row wins, else the
 * deadline routes down `timeout`, else keep waiting. The data is checked against the node's schema here,
 * where the config is known (an event goes to every matching waiter, each with its own schema).
 */
export function resumeWait(step: StepRecord, now: number, schema: unknown, code: string): ResumeOutcome {
  const d = deliveryOf(step.output);
  if (d) {
    const problems = schema ? validateJsonSchema(d.data, schema) : [];
    if (problems.length) {
      const detail = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
      return { type: "failed", error: new NonRetriableError(`The received data does not match the schema: ${detail}`, code) };
    }
    return { type: "succeeded", output: d.data, handle: "out" };
  }
  if (step.wakeAtMs !== null && step.wakeAtMs <= now) {
    return { type: "succeeded", output: { timedOutAt: new Date(step.wakeAtMs).toISOString() }, handle: TIMEOUT_HANDLE };
  }
  return { type: "still_waiting" };
}

/**
 * Wait for event: evaluates the correlation expression once, when the step parks, and stores the key
 * (with the event name) in the step's input, from which the store fills the indexed Step.waitKey column.
 * POST /api/v1/events writes the event into the waiting row and signals the run; `resume` turns it into
 * the step's output. A pause is a row with a deadline (wakeAtMs), never a promise.
 */
export const waitEventExecutor: Executor<"wait_event"> = {
  kind: "wait_event",
  effect: false,
  start: async (node, ctx) => {
    const src = node.config.correlation?.trim();
    const key = src ? correlationKey(await evaluateExpression(src, ctx.scope, ENGINE_EXPRESSION_LIMITS)) : null;
    const wakeAtMs = node.config.timeoutMs ? ctx.now + node.config.timeoutMs : null;
    return {
      type: "wait",
      wakeAtMs,
      reason: "event",
      input: {
        waitKey: eventWaitKey(node.config.event, key),
        event: node.config.event,
        key,
        timeoutAt: wakeAtMs === null ? null : new Date(wakeAtMs).toISOString(),
      },
    };
  },
  resume: (node, ctx) => resumeWait(ctx.step, ctx.now, node.config.outputSchema, "event_data_invalid"),
};
