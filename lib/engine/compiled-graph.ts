// A workflow version's graph, parsed once with zod and indexed for the interpreter. Versions are
// immutable, so parsed graphs are cached by versionId for the life of the process.
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from "@/lib/model/graph-schema";
import { validateGraph } from "@/lib/model/validate-graph";
import { indexGraph, topologicalOrder, type GraphIndex } from "@/lib/model/graph-index";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "@/lib/model/retry-policy";
import { LruCache } from "@/lib/model/lru-cache";
import { computeRegions, isLoopBackEdge } from "@/lib/model/regions";
import { ValidationError } from "./errors";
import { disclosureByNode, type DisclosureHeader } from "./disclosure";
import { isPinnableKind, type PinnedOutput } from "@/lib/model/pins";
import { parsePinnedOutputs } from "@/lib/model/pins-schema";

export interface CompiledGraph {
  versionId: string;
  graph: WorkflowGraph;
  index: GraphIndex<WorkflowNode, WorkflowEdge>;
  /** Topological order: one pass in this order settles every deterministic node. */
  order: string[];
  position: Map<string, number>;
  start: WorkflowNode;
  hasErrorEdge: Set<string>;
  /** "" → the top region; a Loop/Map id → its body. Each runs in frames (see frames.ts). */
  regions: Map<string, Region>;
  isLoopBack(edge: WorkflowEdge): boolean;
  /** Node id → the node that undoes it (compensation). */
  undoOf: Map<string, WorkflowNode>;
  /** Steps may start child runs (Sub-workflow nodes; agents using workflows as tools): cancel them when the run ends. */
  mayStartChildren: boolean;
  retry(node: WorkflowNode): RetryPolicy;
  /** Nodes whose outbound HTTP calls carry the workflow's AI-disclosure header (see disclosure.ts). */
  disclosure: Map<string, DisclosureHeader>;
  /**
   * A test snapshot's pinned outputs by node id (empty for published versions): a test run reuses
   * them instead of running the node (lib/model/pins.ts).
   */
  pinned: ReadonlyMap<string, PinnedOutput>;
  /** The pins column this graph was compiled with (cache check). */
  pinsJson: string | null;
}

export interface Region {
  /** The Loop/Map node, null for the top region. */
  container: WorkflowNode | null;
  /** Member node ids in topological order (loop-back edges left out). */
  nodes: string[];
  /** Loop-back edges' sources and the handle each leaves on: a frame's result is the taken one's output. */
  loopBack: Map<string, Set<string>>;
}

const cache = new LruCache<string, CompiledGraph>(500);

export function compileGraph(versionId: string, graphJson: string, pinsJson: string | null = null): CompiledGraph {
  let raw: unknown;
  try {
    raw = JSON.parse(graphJson);
  } catch {
    throw new ValidationError("Workflow graph is not valid JSON", [{ path: "(root)", message: "invalid JSON" }]);
  }
  const result = validateGraph(raw);
  if (!result.ok || !result.graph) {
    const problems = result.problems
      .filter((p) => p.severity === "error")
      .map((p) => ({
        path: [p.nodeId && `node ${p.nodeId}`, p.edgeId && `edge ${p.edgeId}`, p.path].filter(Boolean).join(" ") || "(graph)",
        message: p.message,
      }));
    throw new ValidationError("Invalid workflow graph", problems);
  }
  const graph = result.graph;
  const index = indexGraph(graph);
  let order: string[];
  try {
    order = callbacksFirst(index, topologicalOrder(index, { ignoreEdge: (e) => isLoopBackEdge(index, e) }));
  } catch (e) {
    throw new ValidationError("Invalid workflow graph", [{ path: "edges", message: (e as Error).message }]);
  }
  const starts = graph.nodes.filter((n) => n.kind === "start");
  if (starts.length !== 1) {
    throw new ValidationError("Invalid workflow graph", [
      { path: "nodes", message: `expected exactly one start node, found ${starts.length}` },
    ]);
  }
  const hasErrorEdge = new Set(graph.edges.filter((e) => e.sourceHandle === "error").map((e) => e.source));
  const r = computeRegions(index, [starts[0].id]);
  const regions = new Map<string, Region>();
  const region = (container: WorkflowNode | null, members: Set<string>): Region => {
    const loopBack = new Map<string, Set<string>>();
    if (container) {
      for (const e of index.incoming.get(container.id) ?? []) {
        if (!isLoopBackEdge(index, e)) continue;
        const set = loopBack.get(e.source) ?? new Set<string>();
        set.add(e.sourceHandle);
        loopBack.set(e.source, set);
      }
    }
    return { container, nodes: order.filter((id) => members.has(id)), loopBack };
  };
  regions.set("", region(null, r.top));
  for (const [id, body] of r.bodies) regions.set(id, region(index.nodes.get(id)!, body));
  const undoOf = new Map<string, WorkflowNode>();
  for (const n of graph.nodes) if (n.undo) undoOf.set(n.id, index.nodes.get(n.undo)!);
  return {
    versionId,
    graph,
    index,
    order,
    position: new Map(order.map((id, i) => [id, i])),
    start: starts[0],
    hasErrorEdge,
    regions,
    isLoopBack: (e) => isLoopBackEdge(index, e),
    undoOf,
    mayStartChildren: graph.nodes.some((n) => n.kind === "subworkflow" || n.kind === "agent"),
    retry: (node) => node.retry ?? DEFAULT_RETRY_POLICY,
    disclosure: disclosureByNode(graph),
    pinned: pinnedOf(pinsJson, index),
    pinsJson,
  };
}

/** Pins of nodes that exist and whose kind can be pinned; anything else in the column is ignored. */
function pinnedOf(pinsJson: string | null, index: GraphIndex<WorkflowNode, WorkflowEdge>): ReadonlyMap<string, PinnedOutput> {
  const out = new Map<string, PinnedOutput>();
  for (const [id, pin] of parsePinnedOutputs(pinsJson)) {
    const node = index.nodes.get(id);
    if (node && isPinnableKind(node.kind)) out.set(id, pin);
  }
  return out;
}

/**
 * A topological order that visits each Wait for callback node (and what leads to it) as early as the
 * edges allow, so that in one pass it parks before a parallel branch's node that reads its
 * `$.steps.<node>.callbackUrl` is prepared. Graphs without one keep `order` unchanged.
 */
function callbacksFirst(index: GraphIndex<WorkflowNode, WorkflowEdge>, order: string[]): string[] {
  const waits = order.filter((id) => index.nodes.get(id)!.kind === "wait_callback");
  if (waits.length === 0) return order;
  const forward = (e: WorkflowEdge) => !isLoopBackEdge(index, e);
  const early = new Set<string>();
  const todo = [...waits];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (early.has(id)) continue;
    early.add(id);
    for (const e of index.incoming.get(id) ?? []) if (forward(e)) todo.push(e.source);
  }
  const pos = new Map(order.map((id, i) => [id, i]));
  const left = new Map(order.map((id) => [id, (index.incoming.get(id) ?? []).filter(forward).length]));
  const ready = order.filter((id) => left.get(id) === 0);
  const out: string[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) {
      const a = ready[i];
      const b = ready[best];
      if (early.has(a) !== early.has(b) ? early.has(a) : pos.get(a)! < pos.get(b)!) best = i;
    }
    const id = ready.splice(best, 1)[0];
    out.push(id);
    for (const e of index.outgoing.get(id) ?? []) {
      if (!forward(e)) continue;
      const n = left.get(e.target)! - 1;
      left.set(e.target, n);
      if (n === 0) ready.push(e.target);
    }
  }
  return out;
}

export function getCompiledGraph(versionId: string, graphJson: string, pinsJson?: string | null): CompiledGraph {
  const hit = cache.get(versionId);
  // A caller without the pins (a callback delivery, say) may have compiled the version first.
  if (hit && (pinsJson === undefined || hit.pinsJson === (pinsJson ?? null))) return hit;
  const compiled = compileGraph(versionId, graphJson, pinsJson ?? null);
  cache.set(versionId, compiled);
  return compiled;
}
