import type { ValidationContext } from "./context";
import { error, warning, type Problem } from "./problem";

/** Duplicate node ids, node names and edge ids (reported on every occurrence after the first), and duplicate connections. */
export function identityRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const node of ctx.nodes) {
    if (ids.has(node.id)) problems.push(error("duplicate_node_id", `Duplicate node id "${node.id}"`, { nodeId: node.id, path: "id" }));
    ids.add(node.id);
    if (node.name === null) continue;
    if (names.has(node.name)) {
      problems.push(error("duplicate_node_name", `Duplicate node name "${node.name}"`, { nodeId: node.id, path: "name" }));
    }
    names.add(node.name);
  }

  const edgeIds = new Set<string>();
  const connections = new Set<string>();
  for (const edge of ctx.edges) {
    if (edge.hasId && edgeIds.has(edge.id)) {
      problems.push(error("duplicate_edge_id", `Duplicate edge id "${edge.id}"`, { edgeId: edge.id, path: "id" }));
    }
    edgeIds.add(edge.id);
    const key = JSON.stringify([edge.source, edge.sourceHandle, edge.target, edge.targetHandle]);
    if (connections.has(key)) {
      problems.push(warning("duplicate_edge", "The same connection exists twice", { edgeId: edge.id }));
    }
    connections.add(key);
  }
  return problems;
}
