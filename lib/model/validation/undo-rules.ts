import { incomingEdges, outgoingEdges } from "../graph-index";
import type { NodeKind } from "../node-kind";
import type { ValidationContext } from "./context";
import { error, type Problem } from "./problem";

/** Kinds that can undo something: they do work (an API call, a reshaped record, a child workflow). */
export const UNDO_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(["http", "transform", "agent", "subworkflow", "delay"]);

/** `undo` names an existing, unconnected node of a kind that can do the undoing. */
export function undoRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of ctx.nodes) {
    const undo = entry.node?.undo;
    if (!undo) continue;
    const name = `"${entry.name ?? entry.id}"`;
    const target = ctx.index.nodes.get(undo);
    const where = { nodeId: entry.id, path: "undo" };
    if (!target) {
      problems.push(error("invalid_undo", `${name} names an undo node "${undo}" that does not exist`, where));
      continue;
    }
    const tname = `"${target.name ?? target.id}"`;
    if (undo === entry.id) problems.push(error("invalid_undo", `${name} cannot be its own undo step`, where));
    else if (target.kind === null || !UNDO_KINDS.has(target.kind)) {
      problems.push(
        error("invalid_undo", `${tname} cannot undo ${name}: use an HTTP, Transform, Agent, Sub-workflow or Delay node`, where),
      );
    } else if (incomingEdges(ctx.index, undo).length > 0 || outgoingEdges(ctx.index, undo).length > 0) {
      problems.push(
        error("invalid_undo", `${tname} undoes ${name}, so it must not be connected by edges (compensation runs it)`, { nodeId: undo }),
      );
    } else if (target.node?.undo) {
      problems.push(
        error("invalid_undo", `${tname} is an undo step and cannot have an undo step of its own`, { nodeId: undo, path: "undo" }),
      );
    }
  }
  return problems;
}
