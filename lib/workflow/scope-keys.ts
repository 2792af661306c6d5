import type { WorkflowGraph } from "./graph-schema";
import { ancestorsOf, indexGraph, topologicalOrder } from "./graph-index";
import type { JsonSchema } from "./json-schema";

export interface ScopeKey {
  /** Insertable JSONata path, e.g. "$.input.amount" or "$.steps.`Credit check`.output". */
  path: string;
  kind: "input" | "step" | "run";
  /** Short hint for the completion list: a type or description. */
  detail: string;
}

const MAX_INPUT_DEPTH = 4;

/** `.name`, or `` .`na me` `` when the name is not a plain identifier. */
export function pathSegment(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `.\`${name}\``;
}

function schemaDetail(schema: JsonSchema): string {
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return schema.description ? `${type} — ${schema.description}` : type;
}

function inputKeys(schema: JsonSchema, path: string, depth: number): ScopeKey[] {
  const keys: ScopeKey[] = [];
  if (depth >= MAX_INPUT_DEPTH) return keys;
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    if (name.includes("`")) continue;
    const childPath = path + pathSegment(name);
    keys.push({ path: childPath, kind: "input", detail: schemaDetail(child) });
    keys.push(...inputKeys(child, childPath, depth + 1));
  }
  return keys;
}

function safeOrder(graph: WorkflowGraph): string[] {
  try {
    return topologicalOrder(graph);
  } catch {
    return graph.nodes.map((n) => n.id);
  }
}

/**
 * Completion entries for an expression on `nodeId`: the run input (from the start node's input
 * schema), the output/status of every ancestor step (upstream nodes only, in execution order) and run metadata.
 */
export function buildScopeKeys(graph: WorkflowGraph, nodeId: string): ScopeKey[] {
  const start = graph.nodes.find((n) => n.kind === "start");
  const keys: ScopeKey[] = [{ path: "$.input", kind: "input", detail: "Run input" }];
  if (start?.kind === "start") keys.push(...inputKeys(start.config.inputSchema, "$.input", 0));

  const index = indexGraph(graph);
  const ancestors = ancestorsOf(index, nodeId);
  for (const id of safeOrder(graph)) {
    const node = index.nodes.get(id);
    if (!node || id === nodeId || !ancestors.has(id)) continue;
    const base = `$.steps${pathSegment(node.name)}`;
    keys.push({ path: `${base}.output`, kind: "step", detail: `Output of ${node.name}` });
    keys.push({ path: `${base}.status`, kind: "step", detail: "succeeded | failed | skipped" });
  }

  keys.push({ path: "$.run.id", kind: "run", detail: "Run id" });
  keys.push({ path: "$.run.startedAt", kind: "run", detail: "ISO timestamp" });
  return keys;
}
