/**
 * Copy and paste of nodes as JSON text, so a selection travels through the system clipboard within
 * one workflow and across workflows (or tabs). Pasted nodes get fresh ids and unique names (and
 * references between pasted steps, `$.steps.Name`, follow the new names); edges between pasted
 * nodes are kept, edges to nodes outside the selection are dropped.
 */
import type { DraftGraph, DraftNode } from "./draft-graph";
import type { Position, WorkflowEdge } from "./graph-schema";
import { newId, uniqueName } from "./graph-edit";
import { renameStepReferences } from "./step-references";
import { withoutWebhookTriggers } from "./webhook-trigger-copies";

export const CLIPBOARD_FORMAT = "switchyard.clipboard";

/** A copied selection; parse clipboard text with `parseClipboard` from ./clipboard-schema (zod, so not on the editor's first load). */
export interface ClipboardPayload {
  format: typeof CLIPBOARD_FORMAT;
  nodes: DraftNode[];
  edges: WorkflowEdge[];
}

/** The selected nodes and the edges between them. */
export function copySelection(graph: Pick<DraftGraph, "nodes" | "edges">, nodeIds: ReadonlySet<string>): ClipboardPayload | null {
  const nodes = graph.nodes.filter((n) => nodeIds.has(n.id));
  if (nodes.length === 0) return null;
  const edges = graph.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target));
  return structuredClone({ format: CLIPBOARD_FORMAT, nodes, edges });
}

export interface PasteOptions {
  /** Where the top-left of the pasted selection lands; default: 40px below-right of where it was. */
  at?: Position;
}

export interface PasteResult {
  graph: DraftGraph;
  /** Ids of the new nodes (to select them). */
  nodeIds: string[];
  /** Start nodes left out because the workflow already has one. */
  skippedStart: number;
  /** Webhook triggers left out of a pasted Start node: their URL and secret belong to the copied workflow. */
  droppedWebhooks: number;
}

export function pasteIntoGraph(graph: DraftGraph, payload: ClipboardPayload, options: PasteOptions = {}): PasteResult {
  const hasStart = graph.nodes.some((n) => n.kind === "start");
  let droppedWebhooks = 0;
  const incoming = payload.nodes
    .filter((n) => !(hasStart && n.kind === "start"))
    .map((n) => {
      const { node, dropped } = withoutWebhookTriggers(n);
      droppedWebhooks += dropped;
      return node;
    });
  const skippedStart = payload.nodes.length - incoming.length;
  if (incoming.length === 0) return { graph, nodeIds: [], skippedStart, droppedWebhooks };

  const minX = Math.min(...incoming.map((n) => n.position.x));
  const minY = Math.min(...incoming.map((n) => n.position.y));
  const dx = options.at ? options.at.x - minX : 40;
  const dy = options.at ? options.at.y - minY : 40;

  const ids = new Set(graph.nodes.map((n) => n.id));
  const names = new Set(graph.nodes.map((n) => n.name));
  const idMap = new Map<string, string>();
  const renames = new Map<string, string>();
  const placed: DraftNode[] = incoming.map((n) => {
    const id = newId(n.kind, ids);
    ids.add(id);
    idMap.set(n.id, id);
    const name = uniqueName(n.name, names);
    names.add(name);
    if (name !== n.name) renames.set(n.name, name);
    return { ...structuredClone(n), id, name, position: { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) } };
  });
  // Pasted steps that refer to each other by name keep doing so under their new names.
  const nodes = placed.map((n) => (renames.size > 0 ? { ...n, config: renameStepReferences(n.config, renames) } : n));

  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const edges: WorkflowEdge[] = payload.edges.flatMap((e) => {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) return [];
    const id = newId("e", edgeIds);
    edgeIds.add(id);
    return [{ ...e, id, source, target }];
  });

  return {
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
    skippedStart,
    droppedWebhooks,
  };
}
