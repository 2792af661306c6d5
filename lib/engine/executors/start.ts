import type { Executor } from "./types";

/** Start: its output is the (validated) run input. Normally written by startRun itself. */
export const startExecutor: Executor<"start"> = {
  kind: "start",
  effect: false,
  start: async (_node, ctx) => ({ type: "succeeded", output: ctx.scope.input ?? {}, handle: "out" }),
};
