// Types shared by the canvas components (editor and read-only run view).
import type { Edge, Node } from "@xyflow/react";
import type { FlowNodeData } from "@/lib/model/flow-conversion";
import type { NodeKind } from "@/lib/model/node-kind";

export type CanvasNode = Node<FlowNodeData, NodeKind>;
export type CanvasEdge = Edge;

/** What the run view shows on a node: its step status, retry attempt and loop iterations. */
export interface NodeRunStatus {
  status: string;
  attempt?: number;
  iterations?: number;
}

/** Validation problems of one node, as counted and listed on its badge. */
export interface NodeProblemSummary {
  errors: number;
  warnings: number;
  messages: string[];
}

export const NODE_WIDTH = 248;
