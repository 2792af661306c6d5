/**
 * The draft: what the editor autosaves. It has the persisted graph's structure (ids, kinds, names,
 * positions, edges) but keeps each node's config as the user typed it, so a half-edited node (an
 * empty required field, a bad expression) is saved rather than lost. `validateGraph` reports what is
 * wrong; publishing requires the strict `graphSchema`.
 */
import type { GraphSettings, Position, SCHEMA_VERSION, WorkflowEdge } from "./graph-schema";
import { ERROR_HANDLE_DEF, type HandleDef, OUT_HANDLES } from "./handles";
import type { NodeKind } from "./node-kind";
import { getNodeKind } from "./node-kinds";

// Zod-free (the canvas draws drafts with it on the editor's first load); the draft's zod schema and
// parseDraftGraph are in ./draft-graph-schema.

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

/**
 * Output handles of a draft node, never throwing: a half-edited config (e.g. a condition whose
 * branches are being rewritten) falls back to the kind's defaults, then to "out".
 */
export function draftOutputHandles(node: Pick<DraftNode, "kind" | "config">): HandleDef[] {
  const def = getNodeKind(node.kind);
  let outputs: HandleDef[];
  try {
    outputs = def.outputs(node.config).filter((h) => typeof h?.id === "string" && h.id !== "");
  } catch {
    // A config the kind's outputs cannot read is not a valid config either (no kind's schema
    // repairs what its outputs read), so this is what parsing it used to fall back to.
    try {
      outputs = def.outputs(def.defaults);
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
