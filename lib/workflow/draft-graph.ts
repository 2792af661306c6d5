/**
 * The draft: what the editor autosaves. It has the persisted graph's structure (ids, kinds, names,
 * positions, edges) but keeps each node's config as the user typed it, so a half-edited node (an
 * empty required field, a bad expression) is saved rather than lost. `validateGraph` reports what is
 * wrong; publishing requires the strict `graphSchema`.
 */
import { z } from "zod";
import { graphSettingsSchema, idSchema, MAX_EDGES, MAX_NODES, positionSchema, SCHEMA_VERSION, edgeSchema } from "./graph-schema";
import type { Position, WorkflowEdge, WorkflowGraph, GraphSettings } from "./graph-schema";
import { ERROR_HANDLE_DEF, type HandleDef, OUT_HANDLES } from "./handles";
import { NODE_KINDS, type NodeKind } from "./node-kind";
import { getNodeKind } from "./node-kinds";

const jsonRecord = z.record(z.string(), z.unknown());

export const draftNodeSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(NODE_KINDS),
  name: z.string().max(200),
  position: positionSchema,
  config: jsonRecord,
  retry: jsonRecord.optional(),
  timeoutMs: z.number().optional(),
  nonIdempotent: z.boolean().optional(),
  undo: idSchema.optional(),
});

export const draftGraphSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION),
    settings: graphSettingsSchema.optional(),
    nodes: z.array(draftNodeSchema).max(MAX_NODES),
    edges: z.array(edgeSchema).max(MAX_EDGES),
  })
  .superRefine((graph, ctx) => {
    const nodeIds = new Set<string>();
    graph.nodes.forEach((node, i) => {
      if (nodeIds.has(node.id)) ctx.addIssue({ code: "custom", message: `Duplicate node id "${node.id}"`, path: ["nodes", i, "id"] });
      nodeIds.add(node.id);
    });
    const edgeIds = new Set<string>();
    graph.edges.forEach((edge, i) => {
      if (edgeIds.has(edge.id)) ctx.addIssue({ code: "custom", message: `Duplicate edge id "${edge.id}"`, path: ["edges", i, "id"] });
      edgeIds.add(edge.id);
    });
  });

export interface DraftNode {
  id: string;
  kind: NodeKind;
  name: string;
  position: Position;
  config: Record<string, unknown>;
  retry?: Record<string, unknown>;
  timeoutMs?: number;
  nonIdempotent?: boolean;
  undo?: string;
}

export interface DraftGraph {
  schemaVersion: typeof SCHEMA_VERSION;
  settings?: GraphSettings;
  nodes: DraftNode[];
  edges: WorkflowEdge[];
}

// A parsed graph is always a valid draft.
const publishedIsDraft = (g: WorkflowGraph): DraftGraph => g;
void publishedIsDraft;

export type ParseDraftResult =
  | { success: true; data: DraftGraph }
  | { success: false; issues: { path: string; message: string }[] };

export function parseDraftGraph(input: unknown): ParseDraftResult {
  const result = draftGraphSchema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })),
  };
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || "(root)";
}

/**
 * Output handles of a draft node, never throwing: a half-edited config (e.g. a condition whose
 * branches are being rewritten) falls back to the config's parsed defaults, then to "out".
 */
export function draftOutputHandles(node: Pick<DraftNode, "kind" | "config">): HandleDef[] {
  const def = getNodeKind(node.kind);
  let outputs: HandleDef[];
  try {
    outputs = def.outputs(node.config).filter((h) => typeof h?.id === "string" && h.id !== "");
  } catch {
    const parsed = def.configSchema.safeParse(node.config);
    try {
      outputs = parsed.success ? def.outputs(parsed.data) : def.outputs(def.defaults);
    } catch {
      outputs = [...OUT_HANDLES];
    }
  }
  const seen = new Set<string>();
  outputs = outputs.filter((h) => (seen.has(h.id) ? false : (seen.add(h.id), true)));
  return def.hasErrorOutput ? [...outputs, ERROR_HANDLE_DEF] : outputs;
}

/** The kind's one-line summary of a draft node, or "" when the config cannot be summarised yet. */
export function draftSummary(node: Pick<DraftNode, "kind" | "config">): string {
  const def = getNodeKind(node.kind);
  try {
    const text = def.summary(node.config);
    return typeof text === "string" ? text : "";
  } catch {
    return "";
  }
}
