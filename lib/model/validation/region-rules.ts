import { incomingEdges, outgoingEdges } from "../graph-index";
import { bodyHandle } from "../handles";
import { computeRegions, isLoopBackEdge } from "../regions";
import type { NodeEntry, ValidationContext } from "./context";
import { error, type Problem } from "./problem";

const label = (node: NodeEntry | undefined, id: string) => `"${node?.name ?? id}"`;

/** Loop/Map bodies are closed sub-graphs: one way in (the body handle), one way back (the loop input). */
export function regionRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const startIds = [...ctx.index.nodes.values()].filter((n) => n.kind === "start").map((n) => n.id);
  const regions = computeRegions(ctx.index, startIds);
  for (const [containerId, body] of regions.bodies) {
    const c = ctx.index.nodes.get(containerId);
    const kind = c?.kind === "map" ? "Map" : "Loop";
    const out = outgoingEdges(ctx.index, containerId);
    const backs = incomingEdges(ctx.index, containerId).filter((e) => isLoopBackEdge(ctx.index, e));
    if (!out.some((e) => e.sourceHandle === bodyHandle)) {
      problems.push(
        error("container_no_body", `${kind} ${label(c, containerId)} has no body: connect its body handle to the first step to repeat`, {
          nodeId: containerId,
        }),
      );
    }
    if (backs.length === 0) {
      problems.push(
        error(
          "container_no_loop_back",
          `${kind} ${label(c, containerId)} needs its body's last step connected back to its "Loop back" input`,
          { nodeId: containerId },
        ),
      );
    }
    for (const e of backs) {
      if (!body.has(e.source)) {
        problems.push(
          error("loop_back_outside", `The loop-back edge into ${label(c, containerId)} must come from a step inside its body`, {
            edgeId: e.id,
            nodeId: containerId,
          }),
        );
      }
    }
    for (const id of body) {
      const n = ctx.index.nodes.get(id);
      if (n?.kind === "start" || n?.kind === "end") {
        problems.push(
          error("container_body_kind", `${label(n, id)} cannot be inside the body of ${kind} ${label(c, containerId)}`, { nodeId: id }),
        );
      }
      if (regions.top.has(id) || regions.regionOf.get(id) !== containerId) {
        problems.push(
          error(
            "body_not_closed",
            `${label(n, id)} is inside the body of ${kind} ${label(c, containerId)} and also reached from outside it: a body may only be entered through its container`,
            { nodeId: id },
          ),
        );
      }
    }
  }
  return problems;
}
