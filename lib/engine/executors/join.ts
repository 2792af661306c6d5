import { checkConsensus } from "./consensus";
import type { Executor } from "./types";

/**
 * Join: output is an object keyed by the NAME of each source whose edge was taken when the join
 * fired, holding that source's output. Readiness (all / any / first_n) is decided by the interpreter.
 * With consensus on, the agents' answers are compared (./consensus): disagreement takes `escalate`
 * and the output's `consensus` holds every answer side by side.
 */
export const joinExecutor: Executor<"join"> = {
  kind: "join",
  effect: false,
  start: async (node, ctx) => {
    const output: Record<string, unknown> = {};
    for (const s of ctx.takenSources) output[s.name] = s.output;
    const c = node.config.consensus;
    if (!c?.enabled) return { type: "succeeded", output, handle: "out" };
    const consensus = checkConsensus(ctx.takenSources, c);
    return { type: "succeeded", output: { ...output, consensus }, handle: consensus.agreed ? "out" : "escalate" };
  },
};
