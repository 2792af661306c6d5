// What every template graph is built with: nodes with their kind's defaults, edges, and a layered
// left-to-right layout. Templates use only the node kinds in lib/model, so each one passes
// validateGraph without errors (tests/workflows/templates.test.ts checks it).
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph, DraftNode } from "@/lib/model/draft-graph";
import type { WorkflowEdge } from "@/lib/model/graph-schema";
import { topologicalOrder } from "@/lib/model/graph-index";
import type { NodeKind } from "@/lib/model/node-kind";

/**
 * A workflow created (and published) together with a template that calls it — a sub-workflow or an
 * agent's workflow tool. A template is one workflow, so the ones it calls come with it
 * (template-bundle.ts creates and publishes them first and passes their ids to `build`).
 */
export interface TemplateHelper {
  /** Key in the ids passed to the template's build. */
  key: string;
  /** Suffix of the created workflow's name: "<name> · <suffix>". */
  name: string;
  description: string;
  build(): DraftGraph;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  /** What the template shows off, for the gallery card. */
  highlights: string[];
  /** Credentials to create in Settings before going live (none: the endpoints need no secret). */
  credentials?: readonly string[];
  /** A run input that fits the Start node's schema (the template tests run each template with it). */
  sampleInput: Record<string, unknown>;
  helpers?: readonly TemplateHelper[];
  /** `helperIds`: the created helpers' workflow ids by key; omitted (previews, tests): placeholders. */
  build(helperIds?: Readonly<Record<string, string>>): DraftGraph;
}

/** The id a template uses for a helper when none was created (gallery previews, validation tests). */
export const helperPlaceholder = (key: string) => `template-helper:${key}`;

type Overrides = Partial<Omit<DraftNode, "id" | "kind" | "config">> & { config?: Record<string, unknown> };

export function node(kind: NodeKind, id: string, name: string, overrides: Overrides = {}): DraftNode {
  const base = createNode(kind, { id, name }) as DraftNode;
  const { config, ...rest } = overrides;
  return { ...base, ...rest, config: { ...base.config, ...config } };
}

export function edge(source: string, sourceHandle: string, target: string): WorkflowEdge {
  return { id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target, targetHandle: "in" };
}

export const objectSchema = (properties: Record<string, object>, required: string[]) => ({ type: "object", required, properties });

const COLUMN = 336;
const ROW = 176;

/**
 * Left-to-right layers by longest path from the start; rows in graph order, centred on y = 0. Undo
 * nodes (named by another node's `undo`, never connected by edges) go one row below everything, in
 * the column of the node they undo.
 */
export function layeredPositions(graph: DraftGraph): DraftGraph {
  const undoOf = new Map(graph.nodes.filter((n) => n.undo).map((n) => [n.undo!, n.id]));
  const order = topologicalOrder(graph);
  const rank = new Map<string, number>(order.map((id) => [id, 0]));
  for (const id of order) {
    for (const e of graph.edges.filter((x) => x.source === id)) rank.set(e.target, Math.max(rank.get(e.target) ?? 0, rank.get(id)! + 1));
  }
  const rows = new Map<number, string[]>();
  for (const n of graph.nodes) {
    if (undoOf.has(n.id)) continue;
    rows.set(rank.get(n.id)!, [...(rows.get(rank.get(n.id)!) ?? []), n.id]);
  }
  const position = new Map<string, { x: number; y: number }>();
  for (const [r, ids] of rows) ids.forEach((id, i) => position.set(id, { x: r * COLUMN, y: Math.round((i - (ids.length - 1) / 2) * ROW) }));
  const bottom = Math.max(...[...position.values()].map((p) => p.y));
  for (const [undoId, ownerId] of undoOf) position.set(undoId, { x: position.get(ownerId)!.x, y: bottom + ROW });
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: position.get(n.id)! })) };
}
