/**
 * Pure editing helpers shared by the editor and its tests: fresh ids, unique names, new nodes and
 * the rules a new connection must follow (checked while the user drags, with a readable reason).
 */
import type { DraftGraph, DraftNode } from "./draft-graph";
import { draftOutputHandles } from "./draft-graph";
import type { Position } from "./graph-schema";
import { indexGraph, reachableFrom } from "./graph-index";
import { loopBackHandle } from "./handles";
import { isLoopBackEdge } from "./regions";
import type { NodeKind } from "./node-kind";
import { getNodeKind } from "./node-kinds";

/** A short random id that is not in `taken` (no crypto needed: works outside secure contexts). */
export function newId(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${prefix}_${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}

/** `base`, else `base 2`, `base 3`… — node names address steps in expressions, so they stay unique. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  const trimmed = base.trim().slice(0, 60) || "Step";
  if (!taken.has(trimmed)) return trimmed;
  const stem = trimmed.replace(/ \d+$/, "");
  for (let n = 2; ; n++) {
    const candidate = `${stem} ${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A node of `kind` with the kind's defaults, a fresh id and a unique name. */
export function makeDraftNode(graph: Pick<DraftGraph, "nodes">, kind: NodeKind, position: Position): DraftNode {
  const def = getNodeKind(kind);
  const id = newId(kind, new Set(graph.nodes.map((n) => n.id)));
  const name = uniqueName(def.label, new Set(graph.nodes.map((n) => n.name)));
  return {
    id,
    kind,
    name,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: structuredClone(def.defaults) as Record<string, unknown>,
  };
}

export interface ConnectionAttempt {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/** Why `c` may not be added to `graph`, or null when it may. */
export function connectionProblem(graph: Pick<DraftGraph, "nodes" | "edges">, c: ConnectionAttempt): string | null {
  const source = graph.nodes.find((n) => n.id === c.source);
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!source || !target) return "Connect two nodes.";
  if (source.id === target.id) return "A node cannot connect to itself.";
  const targetDef = getNodeKind(target.kind);
  if (targetDef.inputs.length === 0) return `${targetDef.label} has no input: nothing can lead into it.`;
  const targetHandle = c.targetHandle ?? targetDef.inputs[0].id;
  if (!targetDef.inputs.some((h) => h.id === targetHandle)) return "Connect to the input on the left of a node.";
  const outputs = draftOutputHandles(source);
  if (outputs.length === 0) return `${getNodeKind(source.kind).label} has no outputs.`;
  const sourceHandle = c.sourceHandle ?? outputs[0].id;
  if (!outputs.some((h) => h.id === sourceHandle)) return "Drag from an output on the right of a node.";
  if (
    graph.edges.some(
      (e) => e.source === c.source && e.sourceHandle === sourceHandle && e.target === c.target && e.targetHandle === targetHandle,
    )
  ) {
    return "These nodes are already connected from this output.";
  }
  const index = indexGraph(graph);
  const forward = indexGraph({ nodes: graph.nodes, edges: graph.edges.filter((e) => !isLoopBackEdge(index, e)) });
  const reachable = reachableFrom(forward, [target.id]);
  if (targetHandle === loopBackHandle) {
    // Closing a Loop/Map body: the source must be a step the body reaches.
    if (!reachable.has(source.id)) return `Connect the last step of "${target.name}"'s body here (a step its body handle leads to).`;
    return null;
  }
  if (reachable.has(source.id)) {
    return `That would create a loop: "${target.name}" already leads to "${source.name}". To repeat steps, use a Loop node and connect back to its "Loop back" input.`;
  }
  return null;
}
