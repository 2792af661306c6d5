import { inputHandles, outputHandles } from "../node-kinds";
import type { EdgeEntry, ValidationContext } from "./context";
import { error, type Problem } from "./problem";

function danglingProblems(ctx: ValidationContext, edge: EdgeEntry): Problem[] {
  const problems: Problem[] = [];
  for (const end of ["source", "target"] as const) {
    if (!ctx.index.nodes.has(edge[end])) {
      problems.push(error("dangling_edge", `Edge ${end} "${edge[end]}" does not exist`, { edgeId: edge.id, path: end }));
    }
  }
  return problems;
}

function handleProblems(ctx: ValidationContext, edge: EdgeEntry): Problem[] {
  const problems: Problem[] = [];
  const source = ctx.index.nodes.get(edge.source)!;
  const target = ctx.index.nodes.get(edge.target)!;
  if (source.node && edge.sourceHandle !== undefined) {
    const handles = outputHandles(source.node).map((h) => h.id);
    if (!handles.includes(edge.sourceHandle)) {
      const allowed = handles.length ? handles.join(", ") : "none";
      problems.push(
        error("unknown_source_handle", `"${source.name ?? source.id}" has no output "${edge.sourceHandle}" (outputs: ${allowed})`, {
          edgeId: edge.id,
          nodeId: source.id,
          path: "sourceHandle",
        }),
      );
    }
  }
  if (target.kind === "start") {
    problems.push(error("edge_into_start", "The start node cannot have incoming edges", { edgeId: edge.id, nodeId: target.id }));
  } else if (target.kind && edge.targetHandle !== undefined) {
    const handles = inputHandles({ kind: target.kind, config: undefined }).map((h) => h.id);
    if (!handles.includes(edge.targetHandle)) {
      problems.push(
        error("unknown_target_handle", `"${target.name ?? target.id}" has no input "${edge.targetHandle}"`, {
          edgeId: edge.id,
          nodeId: target.id,
          path: "targetHandle",
        }),
      );
    }
  }
  return problems;
}

/** Edges must connect existing nodes through handles those nodes have; nothing may enter the start node. */
export function edgeRules(ctx: ValidationContext): Problem[] {
  return ctx.edges.flatMap((edge) => {
    const dangling = danglingProblems(ctx, edge);
    return dangling.length ? dangling : handleProblems(ctx, edge);
  });
}
