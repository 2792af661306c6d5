import { renderTemplate } from "@/lib/model/expressions";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

/** Compensate: records its reason; the interpreter then undoes completed steps (see compensation.ts). */
export const compensateExecutor: Executor<"compensate"> = {
  kind: "compensate",
  effect: false,
  start: async (node, ctx) => {
    const reason = node.config.reason.trim()
      ? await renderTemplate(node.config.reason, ctx.scope, ENGINE_EXPRESSION_LIMITS)
      : "Compensate node reached";
    return { type: "succeeded", output: { reason }, handle: "out" };
  },
};
