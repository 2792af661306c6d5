import type { Executor } from "./types";

/**
 * Loop: a container. `start` only parks the step; the interpreter runs the body in frames (one per
 * iteration, step keys `<loop>#<i>/<node>`), checking the condition before each pass, and finishes
 * the step on `done` with `{ iterations, last, maxReached }`.
 */
export const loopExecutor: Executor<"loop"> = {
  kind: "loop",
  effect: false,
  start: () => Promise.resolve({ type: "wait", wakeAtMs: null, reason: "loop", input: {} }),
};
