import { evaluateExpression } from "@/lib/model/expressions";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

export const transformExecutor: Executor<"transform"> = {
  kind: "transform",
  effect: false,
  start: async (node, ctx) => ({
    type: "succeeded",
    output: await evaluateExpression(node.config.expression, ctx.scope, ENGINE_EXPRESSION_LIMITS),
    handle: "out",
  }),
};
