import { evaluateExpression } from "@/lib/model/expressions";
import { NonRetriableError } from "../errors";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

/** Wait until: the expression gives an ISO-8601 timestamp (or epoch ms); a past time continues at once. */
export const waitUntilExecutor: Executor<"wait_until"> = {
  kind: "wait_until",
  effect: false,
  start: async (node, ctx) => {
    const v = await evaluateExpression(node.config.until, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    const at = typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN;
    if (!Number.isFinite(at)) {
      throw new NonRetriableError(`"Until" must give an ISO-8601 timestamp, got ${JSON.stringify(v)}`, "bad_timestamp");
    }
    if (at <= ctx.now) return { type: "succeeded", output: { waitedUntil: new Date(at).toISOString() }, handle: "out" };
    return { type: "wait", wakeAtMs: at, reason: "timer" };
  },
  resume: (_node, ctx) =>
    ctx.step.wakeAtMs !== null && ctx.step.wakeAtMs <= ctx.now
      ? { type: "succeeded", output: { waitedUntil: new Date(ctx.step.wakeAtMs).toISOString() }, handle: "out" }
      : { type: "still_waiting" },
};
