/**
 * Graph ↔ canvas conversion. The persisted graph (`DraftGraph`) is the source of truth; the canvas
 * holds React Flow nodes whose `type` is the node kind and whose `data` carries everything else.
 * The shapes below are structurally compatible with @xyflow/react's `Node` and `Edge` without
 * importing it (lib/model stays free of UI dependencies). The conversion is lossless:
 * `flowToGraph(graphToFlow(g))` deep-equals `g`.
 */
import type { DraftGraph, DraftNode } from "./draft-graph";
import type { Position, WorkflowEdge } from "./graph-schema";
import { errorHandle, inHandle } from "./handles";
import type { NodeKind } from "./node-kind";

/** Everything of a node except id, kind and position (type alias so it satisfies Record<string, unknown>). */
export type FlowNodeData = {
  name: string;
  config: Record<string, unknown>;
  retry?: Record<string, unknown>;
  timeoutMs?: number;
  nonIdempotent?: boolean;
  /** Compensation: the id of the node that undoes this one. */
  undo?: string;
  /** Canvas-only, never persisted: show the error output even before an error edge leaves it. */
  showErrorHandle?: boolean;
};

export interface FlowNode {
  id: string;
  type: NodeKind;
  position: Position;
  data: FlowNodeData;
  selected?: boolean;
  dragging?: boolean;
  measured?: { width?: number; height?: number };
}

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
  selected?: boolean;
  className?: string;
  type?: string;
  data?: Record<string, unknown>;
}

export function nodeToFlow(node: DraftNode): FlowNode {
  const data: FlowNodeData = { name: node.name, config: node.config };
  if (node.retry !== undefined) data.retry = node.retry;
  if (node.timeoutMs !== undefined) data.timeoutMs = node.timeoutMs;
  if (node.nonIdempotent !== undefined) data.nonIdempotent = node.nonIdempotent;
  if (node.undo !== undefined) data.undo = node.undo;
  return { id: node.id, type: node.kind, position: { x: node.position.x, y: node.position.y }, data };
}

export function edgeToFlow(edge: WorkflowEdge): FlowEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: edge.targetHandle,
    ...(edge.sourceHandle === errorHandle ? { className: "sy-edge-error" } : {}),
  };
}

export function graphToFlow(graph: DraftGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const withErrorEdge = new Set(graph.edges.filter((e) => e.sourceHandle === errorHandle).map((e) => e.source));
  return {
    nodes: graph.nodes.map((n) => {
      const flow = nodeToFlow(n);
      if (withErrorEdge.has(n.id)) flow.data.showErrorHandle = true;
      return flow;
    }),
    edges: graph.edges.map(edgeToFlow),
  };
}

export function flowNodeToDraft(node: FlowNode): DraftNode {
  const out: DraftNode = {
    id: node.id,
    kind: node.type,
    name: node.data.name,
    position: { x: node.position.x, y: node.position.y },
    config: node.data.config,
  };
  if (node.data.retry !== undefined) out.retry = node.data.retry;
  if (node.data.timeoutMs !== undefined) out.timeoutMs = node.data.timeoutMs;
  if (node.data.nonIdempotent !== undefined) out.nonIdempotent = node.data.nonIdempotent;
  if (node.data.undo !== undefined) out.undo = node.data.undo;
  return out;
}

export function flowEdgeToDraft(edge: FlowEdge): WorkflowEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? "out",
    target: edge.target,
    targetHandle: edge.targetHandle ?? inHandle,
  };
}

/** Back to the persisted shape; canvas-only state (selection, measurements, styling) is dropped. */
export function flowToGraph(
  flow: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] },
  header: Pick<DraftGraph, "settings"> = {},
): DraftGraph {
  const graph: DraftGraph = {
    schemaVersion: 1,
    nodes: flow.nodes.map(flowNodeToDraft),
    edges: flow.edges.map(flowEdgeToDraft),
  };
  if (header.settings !== undefined) graph.settings = header.settings;
  return graph;
}
