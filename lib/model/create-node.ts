import type { Position, WorkflowGraph, WorkflowNodeOf } from "./graph-schema";
import { SCHEMA_VERSION } from "./graph-schema";
import type { NodeKind } from "./node-kind";
import { nodeKinds } from "./node-kinds";

/** A new node of `kind` with the kind's default config. */
export function createNode<K extends NodeKind>(kind: K, init: { id: string; name: string; position?: Position }): WorkflowNodeOf<K> {
  const config = structuredClone(nodeKinds[kind].defaults);
  return { id: init.id, kind, name: init.name, position: init.position ?? { x: 0, y: 0 }, config } as WorkflowNodeOf<K>;
}

/** A graph holding only a Start node. */
export function emptyGraph(startId = "start"): WorkflowGraph {
  return { schemaVersion: SCHEMA_VERSION, nodes: [createNode("start", { id: startId, name: "Start" })], edges: [] };
}
