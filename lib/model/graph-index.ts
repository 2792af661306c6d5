/**
 * Graph traversal helpers shared by the validator and the engine. They take minimal structural
 * types so the validator can use them on graphs that did not fully parse.
 */
export interface NodeLike {
  id: string;
}

export interface EdgeLike {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string;
}

export interface GraphLike<N extends NodeLike = NodeLike, E extends EdgeLike = EdgeLike> {
  nodes: readonly N[];
  edges: readonly E[];
}

export interface GraphIndex<N extends NodeLike = NodeLike, E extends EdgeLike = EdgeLike> {
  /** First node with each id, in graph order. */
  nodes: Map<string, N>;
  /** Edges leaving each node, in graph order (edges whose source or target is missing are left out). */
  outgoing: Map<string, E[]>;
  incoming: Map<string, E[]>;
}

export function indexGraph<N extends NodeLike, E extends EdgeLike>(graph: GraphLike<N, E>): GraphIndex<N, E> {
  const nodes = new Map<string, N>();
  const outgoing = new Map<string, E[]>();
  const incoming = new Map<string, E[]>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) continue;
    nodes.set(node.id, node);
    outgoing.set(node.id, []);
    incoming.set(node.id, []);
  }
  for (const edge of graph.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    outgoing.get(edge.source)!.push(edge);
    incoming.get(edge.target)!.push(edge);
  }
  return { nodes, outgoing, incoming };
}

export function incomingEdges<E extends EdgeLike>(index: GraphIndex<NodeLike, E>, nodeId: string): E[] {
  return index.incoming.get(nodeId) ?? [];
}

export function outgoingEdges<E extends EdgeLike>(index: GraphIndex<NodeLike, E>, nodeId: string): E[] {
  return index.outgoing.get(nodeId) ?? [];
}

/** Edges leaving `nodeId` grouped by `sourceHandle` (e.g. "out", "else", "error"). */
export function outgoingByHandle<E extends EdgeLike & { sourceHandle: string }>(
  index: GraphIndex<NodeLike, E>,
  nodeId: string,
): Map<string, E[]> {
  const byHandle = new Map<string, E[]>();
  for (const edge of outgoingEdges(index, nodeId)) {
    const list = byHandle.get(edge.sourceHandle);
    if (list) list.push(edge);
    else byHandle.set(edge.sourceHandle, [edge]);
  }
  return byHandle;
}

function walk(from: Iterable<string>, next: (id: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of next(id)) if (!seen.has(n)) stack.push(n);
  }
  return seen;
}

/** Nodes reachable from `startIds` following edges forward (the start nodes included). */
export function reachableFrom(index: GraphIndex, startIds: Iterable<string>): Set<string> {
  return walk(startIds, (id) => outgoingEdges(index, id).map((e) => e.target));
}

/** Nodes with a path to `nodeId` (excluding `nodeId` itself unless it is on a cycle). */
export function ancestorsOf(index: GraphIndex, nodeId: string): Set<string> {
  return walk(
    incomingEdges(index, nodeId).map((e) => e.source),
    (id) => incomingEdges(index, id).map((e) => e.source),
  );
}

export class GraphCycleError extends Error {
  constructor(readonly nodeIds: string[]) {
    super(`Graph has a cycle through: ${nodeIds.join(", ")}`);
    this.name = "GraphCycleError";
  }
}

export interface TopologicalOrderOptions<E extends EdgeLike> {
  /** Edges to leave out, e.g. loop back-edges once a Loop kind exists. */
  ignoreEdge?: (edge: E) => boolean;
}

/** Node ids so that every edge goes forward; ties keep graph order. Throws GraphCycleError on a cycle. */
export function topologicalOrder<N extends NodeLike, E extends EdgeLike>(
  graph: GraphLike<N, E> | GraphIndex<N, E>,
  options: TopologicalOrderOptions<E> = {},
): string[] {
  const index = "outgoing" in graph ? graph : indexGraph(graph);
  const keep = (e: E) => !options.ignoreEdge?.(e);
  const inDegree = new Map<string, number>();
  for (const id of index.nodes.keys()) inDegree.set(id, incomingEdges(index, id).filter(keep).length);
  const queue = [...index.nodes.keys()].filter((id) => inDegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const edge of outgoingEdges(index, id).filter(keep)) {
      const left = inDegree.get(edge.target)! - 1;
      inDegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  if (order.length < index.nodes.size) {
    throw new GraphCycleError([...index.nodes.keys()].filter((id) => inDegree.get(id)! > 0));
  }
  return order;
}

/**
 * Strongly connected components that form cycles (more than one node, or a self-loop),
 * each in graph order. Iterative Tarjan.
 */
export function findCycles(index: GraphIndex): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const position = new Map([...index.nodes.keys()].map((id, i) => [id, i]));

  for (const root of index.nodes.keys()) {
    if (order.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    order.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = outgoingEdges(index, frame.id);
      if (frame.next < edges.length) {
        const target = edges[frame.next++].target;
        if (!order.has(target)) {
          order.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, order.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) !== order.get(frame.id)) continue;
      const component: string[] = [];
      let id: string;
      do {
        id = stack.pop()!;
        onStack.delete(id);
        component.push(id);
      } while (id !== frame.id);
      const selfLoop = outgoingEdges(index, frame.id).some((e) => e.target === frame.id);
      if (component.length > 1 || selfLoop) {
        cycles.push(component.sort((a, b) => position.get(a)! - position.get(b)!));
      }
    }
  }
  return cycles;
}
