import type { WorkflowGraph } from "./graph-schema";
import { ancestorsOf, indexGraph, reachableFrom, topologicalOrder } from "./graph-index";
import { computeRegions, isLoopBackEdge } from "./regions";
import type { JsonSchema } from "./json-schema";
import { outputSchemaOf, schemaOfValue } from "./step-output-schemas";

export interface ScopeKey {
  /** Insertable JSONata path, e.g. "$.input.amount" or "$.steps.`Credit check`.output". */
  path: string;
  kind: "input" | "step" | "run" | "frame";
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

function inputKeys(schema: JsonSchema, path: string, depth: number, kind: ScopeKey["kind"] = "input", note = ""): ScopeKey[] {
  const keys: ScopeKey[] = [];
  if (depth >= MAX_INPUT_DEPTH || typeof schema !== "object" || schema === null) return keys;
  const properties = typeof schema.properties === "object" && schema.properties !== null ? schema.properties : {};
  for (const [name, child] of Object.entries(properties)) {
    if (name.includes("`") || typeof child !== "object" || child === null) continue;
    const childPath = path + pathSegment(name);
    keys.push({ path: childPath, kind, detail: note + schemaDetail(child) });
    keys.push(...inputKeys(child, childPath, depth + 1, kind, note));
  }
  return keys;
}

/**
 * `$.steps.<node>.output…` entries: from the output's shape the node's kind and config fix
 * (step-output-schemas.ts), and from the node's output in the last run where given (paths the
 * shape does not already name).
 */
function outputKeys(node: WorkflowGraph["nodes"][number], base: string, sample: unknown, hasSample: boolean): ScopeKey[] {
  const schema = outputSchemaOf(node);
  const keys = schema ? inputKeys(schema, `${base}.output`, 0, "step") : [];
  if (hasSample) {
    const known = new Set(keys.map((k) => k.path));
    for (const k of inputKeys(schemaOfValue(sample), `${base}.output`, 0, "step", "last run: ")) if (!known.has(k.path)) keys.push(k);
  }
  return keys;
}

function safeOrder(graph: Pick<WorkflowGraph, "nodes" | "edges">): string[] {
  try {
    return topologicalOrder(graph);
  } catch {
    return graph.nodes.map((n) => n.id);
  }
}

/** The Loop/Map nodes whose bodies hold `nodeId`, innermost first. */
function enclosingContainers(regionOf: Map<string, string>, nodeId: string): string[] {
  const out: string[] = [];
  for (let c = regionOf.get(nodeId); c && out.length < 50 && !out.includes(c); c = regionOf.get(c)) out.push(c);
  return out;
}

/** `$.item`/`$.index` inside a Map body, `$.loop` inside a Loop body (and its condition), `$.compensation` in an undo node. */
function frameKeys(graph: WorkflowGraph, nodeId: string, enclosing: readonly string[]): ScopeKey[] {
  const keys: ScopeKey[] = [];
  const kindOf = (id: string) => graph.nodes.find((n) => n.id === id)?.kind;
  const kinds = new Set<string>(enclosing.map(kindOf).filter((k): k is NonNullable<typeof k> => k !== undefined));
  if (kindOf(nodeId) === "loop") kinds.add("loop");
  if (kinds.has("map")) {
    keys.push({ path: "$.item", kind: "frame", detail: "This Map item" });
    keys.push({ path: "$.index", kind: "frame", detail: "Item index (from 0)" });
  }
  if (kinds.has("loop")) {
    keys.push({ path: "$.loop.iteration", kind: "frame", detail: "Loop pass (from 0)" });
    keys.push({ path: "$.loop.last", kind: "frame", detail: "Previous pass's result" });
  }
  if (graph.nodes.some((n) => n.undo === nodeId)) {
    for (const f of ["step", "input", "output"])
      keys.push({ path: `$.compensation.${f}`, kind: "frame", detail: `Undone step's ${f === "step" ? "name" : f}` });
  }
  return keys;
}

/**
 * Completion entries for an expression on `nodeId`: the run input (from the start node's input
 * schema), the output (and its fields) and status of every ancestor step (upstream nodes only, in
 * execution order) and run metadata. `samples`: ancestors' outputs in the last run, by node id.
 */
export function buildScopeKeys(graph: WorkflowGraph, nodeId: string, samples?: ReadonlyMap<string, unknown>): ScopeKey[] {
  const start = graph.nodes.find((n) => n.kind === "start");
  const keys: ScopeKey[] = [{ path: "$.input", kind: "input", detail: "Run input" }];
  if (start?.kind === "start") keys.push(...inputKeys(start.config.inputSchema, "$.input", 0));

  const full = indexGraph(graph);
  const forward = { nodes: graph.nodes, edges: graph.edges.filter((e) => !isLoopBackEdge(full, e)) };
  const index = indexGraph(forward);
  const { regionOf } = computeRegions(
    full,
    graph.nodes.filter((n) => n.kind === "start").map((n) => n.id),
  );
  const containers = enclosingContainers(regionOf, nodeId);
  keys.push(...frameKeys(graph, nodeId, containers));
  const ancestors = ancestorsOf(index, nodeId);
  // An enclosing Loop/Map has not finished while its body runs: its output is not in scope yet.
  const enclosing = new Set(containers);
  for (const id of safeOrder(forward)) {
    const node = index.nodes.get(id);
    if (!node || id === nodeId || !ancestors.has(id) || enclosing.has(id)) continue;
    const base = `$.steps${pathSegment(node.name)}`;
    keys.push({ path: `${base}.output`, kind: "step", detail: `Output of ${node.name}` });
    keys.push(...outputKeys(node, base, samples?.get(id), samples?.has(id) ?? false));
    keys.push({ path: `${base}.status`, kind: "step", detail: "succeeded | failed | skipped" });
  }
  // A Wait for callback in a parallel branch (neither before nor after this node) shows its URL while it waits.
  const after = reachableFrom(index, [nodeId]);
  for (const id of safeOrder(forward)) {
    const node = index.nodes.get(id);
    if (!node || node.kind !== "wait_callback" || after.has(id) || ancestors.has(id)) continue;
    const region = regionOf.get(id);
    if (region && !containers.includes(region)) continue;
    const detail = "Callback URL while it waits (parallel branch)";
    keys.push({ path: `$.steps${pathSegment(node.name)}.callbackUrl`, kind: "step", detail });
  }

  keys.push({ path: "$.run.id", kind: "run", detail: "Run id" });
  keys.push({ path: "$.run.startedAt", kind: "run", detail: "ISO timestamp" });
  return keys;
}
