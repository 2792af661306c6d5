// What a step's output looks like, for `$.steps.<node>.output…` completions: from the node's kind
// and config where the engine's output has a known shape (lib/engine/executors/*), or from a sample
// (a step's output in the workflow's last run) where it does not. Pure and zod-free.
import type { JsonSchema } from "./json-schema";
import type { WorkflowNode } from "./graph-schema";

const str = (description?: string): JsonSchema => ({ type: "string", ...(description ? { description } : {}) });
const obj = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: "object",
  properties,
  ...(description ? { description } : {}),
});
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const schemaOrNull = (v: unknown): JsonSchema | null => (isRecord(v) ? (v as JsonSchema) : null);

/**
 * The output's shape as the engine writes it for this node, or null when the kind does not fix it
 * (Start's output is the run input, which `$.input…` already lists).
 */
export function outputSchemaOf(node: Pick<WorkflowNode, "kind" | "config">): JsonSchema | null {
  const c = (isRecord(node.config) ? node.config : {}) as Record<string, unknown>;
  switch (node.kind) {
    case "agent":
      return obj({
        answer: schemaOrNull(c.responseSchema) ?? str("The text answer"),
        rationale: str("Why the agent answered so"),
        confidence: { type: "number", description: "0-1" },
        model: str("Model that answered"),
        costUsd: { type: "number" },
        toolCalls: { type: "array", description: "Tool calls made" },
      });
    case "http":
      return obj({
        status: { type: "integer", description: "HTTP status" },
        headers: { type: "object", description: "Response headers" },
        body: { description: "Response body (JSON parsed)" },
      });
    case "approval":
      return obj({
        decision: { type: "string", enum: ["approved", "rejected", "timeout"] },
        payload: schemaOrNull(c.editableSchema) ?? { description: "The approved (possibly edited) payload" },
        comment: str("Reviewer's comment"),
        decidedBy: { type: "array", items: str(), description: "Who decided" },
      });
    case "condition":
      return obj({ branch: str("Branch taken") });
    case "delay":
    case "wait_until":
      return obj({ waitedUntil: str("ISO timestamp") });
    case "wait_event":
      return schemaOrNull(c.outputSchema);
    default:
      return null;
  }
}

const MAX_SAMPLE_DEPTH = 4;
const MAX_SAMPLE_KEYS = 50;

/** A schema describing a sample value (a step's last output): object keys, array items, leaf types. */
export function schemaOfValue(value: unknown, depth = 0): JsonSchema {
  if (value === null) return { type: "null" };
  if (Array.isArray(value))
    return depth >= MAX_SAMPLE_DEPTH || value.length === 0
      ? { type: "array" }
      : { type: "array", items: schemaOfValue(value[0], depth + 1) };
  if (typeof value === "object") {
    if (depth >= MAX_SAMPLE_DEPTH) return { type: "object" };
    const entries = Object.entries(value).slice(0, MAX_SAMPLE_KEYS);
    return { type: "object", properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOfValue(v, depth + 1)])) };
  }
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
  return { type: typeof value };
}
