import { incomingEdges, outgoingEdges } from "../graph-index";
import type { NodeKind } from "../node-kind";
import { getNodeKind } from "../node-kinds";
import type { ValidationContext } from "./context";
import { error, warning, type Problem } from "./problem";

/** Kinds that can undo something: they do work (an API call, a reshaped record, a child workflow). */
export const UNDO_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(["http", "transform", "agent", "subworkflow", "delay"]);

/**
 * `undo` sits on a kind that has work to undo, and names an existing, unconnected node of a kind
 * that can do the undoing. A kind that is not `undoable` (Start, End, Compensate) is where the
 * inspector offers no undo step (lib/model/node-options.ts): one set there, by an import or an older
 * editor, is a warning, not an error, because published versions that carry one must keep running
 * (the engine validates a version's graph when it runs it).
 */
export function undoRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of ctx.nodes) {
    const undo = entry.node?.undo;
    if (!undo) continue;
    const name = `"${entry.name ?? entry.id}"`;
    const target = ctx.index.nodes.get(undo);
    const where = { nodeId: entry.id, path: "undo" };
    if (entry.kind !== null && !getNodeKind(entry.kind).undoable) {
      const label = getNodeKind(entry.kind).label;
      problems.push(
        warning(
          "invalid_undo",
          `${name}: a ${label} node does no work for compensation to undo, so it takes no undo step; name the undo step on the step whose work it reverses, or clear it`,
          where,
        ),
      );
    }
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
