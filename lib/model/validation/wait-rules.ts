import { outgoingEdges } from "../graph-index";
import { TIMEOUT_HANDLE } from "../node-kinds/wait-event";
import type { ValidationContext } from "./context";
import { warning, type Problem } from "./problem";

/**
 * Wait for event / Wait for callback: a connected Timed out handle on a step without a timeout is never
 * taken (the step waits without a limit), which is almost always a forgotten setting.
 */
export function waitRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind !== "wait_event" && node?.kind !== "wait_callback") continue;
    if (node.config.timeoutMs) continue;
    const timeoutEdge = outgoingEdges(ctx.index, entry.id).find((e) => e.sourceHandle === TIMEOUT_HANDLE);
    if (!timeoutEdge) continue;
    problems.push(
      warning("timeout_never_taken", `"${entry.name ?? entry.id}" has no timeout, so its Timed out path is never taken`, {
        nodeId: entry.id,
        path: "config.timeoutMs",
      }),
    );
  }
  return problems;
}
