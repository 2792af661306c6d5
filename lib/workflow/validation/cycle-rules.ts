import { findCycles } from "../graph-index";
import type { NodeKind } from "../node-kind";
import type { ValidationContext } from "./context";
import { error, type Problem } from "./problem";

/**
 * Kinds a cycle may pass through. Empty for now; the Loop kind will be added here (and the engine
 * will treat its back-edge specially, see `topologicalOrder`'s `ignoreEdge`).
 */
export const CYCLE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>();

/** Every node on a cycle that does not pass through a CYCLE_KINDS node gets an error. */
export function cycleRules(ctx: ValidationContext): Problem[] {
  return findCycles(ctx.index).flatMap((component) => {
    const nodes = component.map((id) => ctx.index.nodes.get(id)!);
    if (nodes.some((n) => n.kind !== null && CYCLE_KINDS.has(n.kind))) return [];
    const names = nodes.map((n) => n.name ?? n.id).join(", ");
    return nodes.map((n) =>
      error("cycle", `"${n.name ?? n.id}" is on a cycle (${names}): cycles are only allowed through a Loop node`, {
        nodeId: n.id,
      }),
    );
  });
}
