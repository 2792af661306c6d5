/**
 * Autocomplete entries for an expression field of a draft node. The draft may hold half-edited
 * configs, so the start node's input schema is parsed first (falling back to no inputs) before
 * handing a well-typed graph to `buildScopeKeys`.
 */
import type { DraftGraph } from "./draft-graph";
import type { WorkflowGraph } from "./graph-schema";
import { emptyObjectSchema } from "./json-schema";
import { buildScopeKeys, type ScopeKey } from "./scope-keys";
import { nodeKindDefs } from "./node-kinds/schemas";

export function draftScopeKeys(
  graph: Pick<DraftGraph, "nodes" | "edges">,
  nodeId: string,
  samples?: ReadonlyMap<string, unknown>,
): ScopeKey[] {
  const nodes = graph.nodes.map((node) => {
    if (node.kind !== "start") return node;
    const parsed = nodeKindDefs.start.configSchema.safeParse(node.config);
    return { ...node, config: parsed.success ? parsed.data : { inputSchema: emptyObjectSchema() } };
  });
  return buildScopeKeys({ schemaVersion: 1, nodes, edges: graph.edges } as WorkflowGraph, nodeId, samples);
}

/**
 * The completion candidates for the text before the cursor: the trailing `$`-path being typed
 * (e.g. "$.inp" or "$.steps.`Credit ch") matched by prefix, then by substring.
 */
export function completeScope(keys: readonly ScopeKey[], textBeforeCursor: string): { token: string; matches: ScopeKey[] } {
  const match = /\$[A-Za-z0-9_.`\- ]*$/.exec(textBeforeCursor);
  const raw = match ? match[0] : "";
  const token = raw.slice(raw.lastIndexOf("$"));
  // Outside backticks a space ends the path: nothing to complete.
  if (!token.startsWith("$") || (token.split("`").length % 2 === 1 && /\s/.test(token))) return { token: "", matches: [] };
  const lower = token.toLowerCase();
  const prefix = keys.filter((k) => k.path.toLowerCase().startsWith(lower) && k.path !== token);
  const rest = keys.filter((k) => !prefix.includes(k) && k.path.toLowerCase().includes(lower.slice(1)) && lower.length > 2);
  return { token, matches: [...prefix, ...rest].slice(0, 30) };
}
