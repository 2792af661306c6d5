import { z } from "zod";
import { formatPath } from "./issue-path";
import type { NodeKind } from "./node-kind";
import { nodeKindDefs } from "./node-kinds/schemas";
import type { NodeKindDef } from "./node-kinds/types";
import { retryPolicySchema } from "./retry-policy";

export const SCHEMA_VERSION = 1;
export const MAX_NODES = 1000;
export const MAX_EDGES = 2000;
export const MAX_NODE_TIMEOUT_MS = 86_400_000;

/** Node and edge ids: stable, opaque, URL-safe. */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, "Use letters, digits and _ . : - only");

/** Node names are how expressions address steps (`$.steps.Name`), so backticks are not allowed. */
export const nodeNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^`\u0000-\u001f]*$/, "Name must not contain backticks or control characters")
  .refine((name) => name.trim() === name, "Name must not start or end with whitespace");

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

/** Fields every node has, whatever its kind. */
export const nodeBaseShape = {
  id: idSchema,
  name: nodeNameSchema,
  position: positionSchema,
  retry: retryPolicySchema.optional(),
  timeoutMs: z.number().int().min(1).max(MAX_NODE_TIMEOUT_MS).optional(),
  nonIdempotent: z.boolean().optional(),
  /** Compensation: the id of a node (not connected by edges) that undoes this one's effect. */
  undo: idSchema.optional(),
};

function nodeSchemaFor<K extends NodeKind, S extends z.ZodType>(def: NodeKindDef<K, S>) {
  return z.strictObject({ ...nodeBaseShape, kind: z.literal(def.kind), config: def.configSchema });
}

/** A node; `config` is typed by `kind`. */
export const nodeSchema = z.discriminatedUnion("kind", [
  nodeSchemaFor(nodeKindDefs.start),
  nodeSchemaFor(nodeKindDefs.end),
  nodeSchemaFor(nodeKindDefs.condition),
  nodeSchemaFor(nodeKindDefs.transform),
  nodeSchemaFor(nodeKindDefs.join),
  nodeSchemaFor(nodeKindDefs.delay),
  nodeSchemaFor(nodeKindDefs.wait_until),
  nodeSchemaFor(nodeKindDefs.approval),
  nodeSchemaFor(nodeKindDefs.http),
  nodeSchemaFor(nodeKindDefs.agent),
  nodeSchemaFor(nodeKindDefs.loop),
  nodeSchemaFor(nodeKindDefs.map),
  nodeSchemaFor(nodeKindDefs.subworkflow),
  nodeSchemaFor(nodeKindDefs.compensate),
  nodeSchemaFor(nodeKindDefs.wait_event),
  nodeSchemaFor(nodeKindDefs.wait_callback),
]);

// Compile-time guard: every NodeKind must be a member of the union above.
type MissingKinds = Exclude<NodeKind, z.output<typeof nodeSchema>["kind"]>;
const unionIsExhaustive: [MissingKinds] extends [never] ? true : MissingKinds = true;
void unionIsExhaustive;

export const edgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  sourceHandle: z.string().min(1).max(64),
  target: idSchema,
  /** "in", or "loop" for the edge that closes a Loop/Map body. */
  targetHandle: z.string().min(1).max(64),
});

export const graphSettingsSchema = z.strictObject({
  budget: z
    .strictObject({
      maxTokens: z.number().int().positive().optional(),
      maxCostUsd: z.number().positive().optional(),
    })
    .optional(),
});

/** Top-level fields other than nodes/edges (shared with the validator's lenient shell). */
export const graphHeaderShape = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  settings: graphSettingsSchema.optional(),
};

/** The persisted workflow document. The run-input JSON Schema lives on the start node's config. */
export const graphSchema = z.strictObject({
  ...graphHeaderShape,
  nodes: z.array(nodeSchema).max(MAX_NODES),
  edges: z.array(edgeSchema).max(MAX_EDGES),
});

export type WorkflowGraph = z.output<typeof graphSchema>;
export type WorkflowNode = z.output<typeof nodeSchema>;
export type WorkflowEdge = z.output<typeof edgeSchema>;
export type WorkflowNodeOf<K extends NodeKind> = Extract<WorkflowNode, { kind: K }>;
export type GraphSettings = z.output<typeof graphSettingsSchema>;
export type Position = z.output<typeof positionSchema>;

export interface ReadableIssue {
  /** e.g. "nodes[2].config.url" */
  path: string;
  message: string;
  code: string;
}

export type ParseGraphResult =
  { success: true; data: WorkflowGraph } | { success: false; error: { message: string; issues: ReadableIssue[] } };

export function toReadableIssues(error: z.ZodError): ReadableIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message, code: issue.code }));
}

/** Parse persisted JSON into a typed graph (defaults applied). Only the schema: use validateGraph for graph rules. */
export function parseGraph(input: unknown): ParseGraphResult {
  const result = graphSchema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  const issues = toReadableIssues(result.error);
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return { success: false, error: { message, issues } };
}
