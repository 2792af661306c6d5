/**
 * Loop and Map bodies. A container (Loop/Map) node's body is every node reachable from its `body`
 * handle, not passing back through the container (its loop-back edges end at its `loop` input) and
 * not entering a nested container's body (that is the nested container's own region). The top
 * region is what the start node reaches the same way. The validator uses this to check that bodies
 * are closed; the engine runs each region in frames (one per item or iteration).
 */
import type { EdgeLike, GraphIndex, NodeLike } from "./graph-index";
import { bodyHandle, loopBackHandle } from "./handles";
import { CONTAINER_KINDS, type NodeKind } from "./node-kind";

interface KindedNode extends NodeLike {
  kind: NodeKind | null;
}

interface HandledEdge extends EdgeLike {
  targetHandle?: string;
}

export interface Regions {
  /** Container id → its body's node ids (nested bodies excluded). */
  bodies: Map<string, Set<string>>;
  /** Nodes the start node reaches without entering a body. */
  top: Set<string>;
  /** Node id → the container whose body holds it ("" for the top region); first region found wins. */
  regionOf: Map<string, string>;
}

export function isContainer(node: { kind: NodeKind | null } | undefined): boolean {
  return node?.kind !== undefined && node.kind !== null && CONTAINER_KINDS.has(node.kind);
}

/** The edge that closes a body: it ends at a container's `loop` input. */
export function isLoopBackEdge<N extends KindedNode, E extends HandledEdge>(index: GraphIndex<N, E>, edge: E): boolean {
  return edge.targetHandle === loopBackHandle && isContainer(index.nodes.get(edge.target));
}

function reach<N extends KindedNode, E extends HandledEdge>(index: GraphIndex<N, E>, from: string[], stopAt: string | null): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || id === stopAt) continue;
    seen.add(id);
    const node = index.nodes.get(id);
    for (const e of index.outgoing.get(id) ?? []) {
      if (isLoopBackEdge(index, e)) continue;
      if (isContainer(node) && e.sourceHandle === bodyHandle) continue;
      if (!seen.has(e.target)) stack.push(e.target);
    }
  }
  return seen;
}

export function computeRegions<N extends KindedNode, E extends HandledEdge>(index: GraphIndex<N, E>, startIds: string[]): Regions {
  const bodies = new Map<string, Set<string>>();
  const regionOf = new Map<string, string>();
  const top = reach(index, startIds, null);
  for (const id of top) regionOf.set(id, "");
  for (const node of index.nodes.values()) {
    if (!isContainer(node)) continue;
    const entries = (index.outgoing.get(node.id) ?? []).filter((e) => e.sourceHandle === bodyHandle).map((e) => e.target);
    const body = reach(index, entries, node.id);
    bodies.set(node.id, body);
    for (const id of body) if (!regionOf.has(id)) regionOf.set(id, node.id);
  }
  return { bodies, top, regionOf };
}
