import { evaluateExpression } from "@/lib/model/expressions";
import { MAX_MAP_ITEMS } from "@/lib/model/node-kinds/map";
import { NonRetriableError } from "../errors";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

const describe = (v: unknown) =>
  v === null ? "null" : v === undefined ? "nothing" : typeof v === "object" ? "an object" : `a ${typeof v}`;

/**
 * Map: a container. `start` evaluates the items once and stores them as the step input (so a
 * restart never re-evaluates them); the interpreter runs the body in frames, one per item (step
 * keys `<map>[<i>]/<node>`), at most `concurrency` open at once, and collects results in order.
 */
export const mapExecutor: Executor<"map"> = {
  kind: "map",
  effect: false,
  start: async (node, ctx) => {
    const items = await evaluateExpression(node.config.items, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    if (!Array.isArray(items)) {
      throw new NonRetriableError(`Map items must be a list, but "${node.config.items}" gave ${describe(items)}`, "map_not_array");
    }
    if (items.length > MAX_MAP_ITEMS) {
      throw new NonRetriableError(`Map has ${items.length} items; at most ${MAX_MAP_ITEMS} are allowed`, "map_too_many_items");
    }
    return { type: "wait", wakeAtMs: null, reason: "map", input: { items } };
  },
};
