import type { Executor } from "./types";

/**
 * Join: output is an object keyed by the NAME of each source whose edge was taken when the join
 * fired, holding that source's output. Readiness (all / any / first_n) is decided by the interpreter.
 */
export const joinExecutor: Executor<"join"> = {
  kind: "join",
  effect: false,
  start: async (_node, ctx) => {
    const output: Record<string, unknown> = {};
    for (const s of ctx.takenSources) output[s.name] = s.output;
    return { type: "succeeded", output, handle: "out" };
  },
};
