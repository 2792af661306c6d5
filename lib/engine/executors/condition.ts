import { evaluateExpression } from "@/lib/model/expressions";
import { ELSE_HANDLE } from "@/lib/model/node-kinds";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

/** JSONata truthiness: empty arrays/strings, 0, false and null are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(truthy);
  return Boolean(v);
}

/** Condition: the first branch whose expression is truthy, else `else`. Output: { branch }. */
export const conditionExecutor: Executor<"condition"> = {
  kind: "condition",
  effect: false,
  start: async (node, ctx) => {
    for (const branch of node.config.branches) {
      if (truthy(await evaluateExpression(branch.expression, ctx.scope, ENGINE_EXPRESSION_LIMITS))) {
        return { type: "succeeded", output: { branch: branch.id }, handle: branch.id };
      }
    }
    return { type: "succeeded", output: { branch: ELSE_HANDLE }, handle: ELSE_HANDLE };
  },
};
