import { evaluateExpression } from "@/lib/model/expressions";
import { MAX_DELAY_MS } from "@/lib/model/node-kinds/delay";
import { NonRetriableError } from "../errors";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

/** Delay: parks the step with wakeAtMs = now + duration; output { waitedUntil } when due. */
export const delayExecutor: Executor<"delay"> = {
  kind: "delay",
  effect: false,
  start: async (node, ctx) => {
    let ms = node.config.durationMs;
    const src = node.config.durationExpression?.trim();
    if (src) {
      const v = await evaluateExpression(src, ctx.scope, ENGINE_EXPRESSION_LIMITS);
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > MAX_DELAY_MS) {
        throw new NonRetriableError(
          `Duration expression must give milliseconds between 0 and ${MAX_DELAY_MS}, got ${JSON.stringify(v)}`,
          "bad_duration",
        );
      }
      ms = Math.round(v);
    }
    const wakeAtMs = ctx.now + ms;
    if (ms <= 0) return { type: "succeeded", output: { waitedUntil: new Date(wakeAtMs).toISOString() }, handle: "out" };
    return { type: "wait", wakeAtMs, reason: "timer" };
  },
  resume: (_node, ctx) =>
    ctx.step.wakeAtMs !== null && ctx.step.wakeAtMs <= ctx.now
      ? { type: "succeeded", output: { waitedUntil: new Date(ctx.step.wakeAtMs).toISOString() }, handle: "out" }
      : { type: "still_waiting" },
};
