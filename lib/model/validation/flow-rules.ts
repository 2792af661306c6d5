import { errorHandle } from "../handles";
import { incomingEdges, outgoingEdges, reachableFrom } from "../graph-index";
import type { NodeEntry, ValidationContext } from "./context";
import { error, warning, type Problem } from "./problem";

const label = (node: NodeEntry) => `"${node.name ?? node.id}"`;

/** Nodes some other node names as its undo step. */
export function undoNodeIds(ctx: ValidationContext): Set<string> {
  const ids = new Set<string>();
  for (const n of ctx.nodes) if (n.node?.undo) ids.add(n.node.undo);
  return ids;
}

/** The first node of each id (later duplicates are reported by identityRules). */
const uniqueNodes = (ctx: ValidationContext) => [...ctx.index.nodes.values()];

/** Exactly one start node. */
export function startRules(ctx: ValidationContext): Problem[] {
  const starts = ctx.nodes.filter((n) => n.kind === "start");
  if (starts.length === 0) return [error("missing_start", "The workflow needs a start node")];
  return starts
    .slice(1)
    .map((n) => error("multiple_starts", `Only one start node is allowed; ${label(n)} is an extra one`, { nodeId: n.id }));
}

/** Every node is fed by an edge and reachable from start; non-end nodes lead somewhere. */
export function flowRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const startIds = uniqueNodes(ctx)
    .filter((n) => n.kind === "start")
    .map((n) => n.id);
  const reachable = reachableFrom(ctx.index, startIds);
  const undoNodes = undoNodeIds(ctx);
  for (const node of uniqueNodes(ctx)) {
    if (undoNodes.has(node.id)) continue; // run only by compensation (see undo-rules)
    const incoming = incomingEdges(ctx.index, node.id);
    if (node.kind !== "start" && incoming.length === 0) {
      problems.push(error("no_incoming", `${label(node)} has no incoming edge`, { nodeId: node.id }));
    } else if (startIds.length > 0 && !reachable.has(node.id)) {
      problems.push(error("unreachable", `${label(node)} cannot be reached from the start node`, { nodeId: node.id }));
    }
    const leaving = outgoingEdges(ctx.index, node.id).filter((e) => e.sourceHandle !== errorHandle);
    // End and Compensate end their path: neither has an output to connect.
    if (node.kind !== "end" && node.kind !== "compensate" && leaving.length === 0) {
      problems.push(warning("no_outgoing", `${label(node)} has no outgoing edge: the path ends without an End node`, { nodeId: node.id }));
    }
  }
  return problems;
}

/** A first_n join must be able to receive n taken edges. */
export function joinRules(ctx: ValidationContext): Problem[] {
  return uniqueNodes(ctx).flatMap((entry) => {
    const node = entry.node;
    if (node?.kind !== "join" || node.config.mode !== "first_n" || node.config.n === undefined) return [];
    const incoming = incomingEdges(ctx.index, entry.id).length;
    if (node.config.n <= incoming) return [];
    return [
      error("join_n_exceeds_inputs", `${label(entry)} waits for ${node.config.n} paths but has only ${incoming} incoming edge(s)`, {
        nodeId: entry.id,
        path: "config.n",
      }),
    ];
  });
}
