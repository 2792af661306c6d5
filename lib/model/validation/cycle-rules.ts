import { findCycles, indexGraph } from "../graph-index";
import { CONTAINER_KINDS, type NodeKind } from "../node-kind";
import { isLoopBackEdge } from "../regions";
import type { ValidationContext } from "./context";
import { error, type Problem } from "./problem";

/** Kinds a cycle may pass through: only through their loop-back input (see lib/model/regions.ts). */
export const CYCLE_KINDS: ReadonlySet<NodeKind> = CONTAINER_KINDS;

/** Every node on a cycle that is not closed by a Loop/Map loop-back edge gets an error. */
export function cycleRules(ctx: ValidationContext): Problem[] {
  const forward = indexGraph({ nodes: ctx.nodes, edges: ctx.edges.filter((e) => !isLoopBackEdge(ctx.index, e)) });
  return findCycles(forward).flatMap((component) => {
    const nodes = component.map((id) => ctx.index.nodes.get(id)!);
    const names = nodes.map((n) => n.name ?? n.id).join(", ");
    return nodes.map((n) =>
      error("cycle", `"${n.name ?? n.id}" is on a cycle (${names}): cycles are only allowed through a Loop node`, {
        nodeId: n.id,
      }),
    );
  });
}
