// The draft graph's zod schema and parser (what autosave and import accept). The types and the
// canvas helpers are in ./draft-graph, which stays zod-free.
import { z } from "zod";
import { graphSettingsSchema, idSchema, MAX_EDGES, MAX_NODES, positionSchema, SCHEMA_VERSION, edgeSchema } from "./graph-schema";
import type { WorkflowGraph } from "./graph-schema";
import type { DraftGraph, DraftNode } from "./draft-graph";
import { NODE_KINDS } from "./node-kind";

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

// A parsed graph is always a valid draft.
const publishedIsDraft = (g: WorkflowGraph): DraftGraph => g;
void publishedIsDraft;

export type ParseDraftResult = { success: true; data: DraftGraph } | { success: false; issues: { path: string; message: string }[] };

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

// The schema's output is a DraftNode / DraftGraph.
const parsedNodeIsDraftNode = (n: z.output<typeof draftNodeSchema>): DraftNode => n;
const parsedIsDraft = (g: z.output<typeof draftGraphSchema>): DraftGraph => g;
void parsedNodeIsDraftNode;
void parsedIsDraft;
