import { evaluateExpression } from "@/lib/model/expressions";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

/** End: its output becomes the run output (the End completed last wins). */
export const endExecutor: Executor<"end"> = {
  kind: "end",
  effect: false,
  start: async (node, ctx) => {
    const src = node.config.output?.trim();
    const output = src ? await evaluateExpression(src, ctx.scope, ENGINE_EXPRESSION_LIMITS) : null;
    return { type: "succeeded", output, handle: "out" };
  },
};
