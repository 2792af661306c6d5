// Which workflows Switchyard's MCP endpoint (/api/v1/mcp) offers as tools, and under what name: a
// workflow with a live version is exposed when its exposure setting (Workflow settings → "Expose as
// MCP tool", stored in the workflow's settings as `mcp`) says so, or, when it has none, when the live
// version's graph settings.mcp does. Tool name: the setting's, else run_<workflow name>; names that
// collide (with the endpoint's own tools or each other) get the workflow id's prefix. The input
// schema is the live version's Start node's. Shared by the endpoint and the lists in the UI.
import { z } from "zod";
import type { ExposedCandidate } from "@/lib/db/mcp-exposed-read";
import { parseJsonSafely } from "@/lib/model/safe-json";

export interface ExposedWorkflow {
  tool: string;
  workflowId: string;
  workflowName: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

const exposureShape = z.object({ expose: z.boolean().optional(), toolName: z.string().optional(), description: z.string().optional() });
export type McpExposureSetting = z.output<typeof exposureShape>;

const graphShape = z.object({
  settings: z.object({ mcp: exposureShape.optional() }).optional(),
  nodes: z.array(
    z.object({ kind: z.string(), config: z.object({ inputSchema: z.record(z.string(), z.unknown()).optional() }).loose() }).loose(),
  ),
});
const settingsShape = z.object({ mcp: exposureShape.optional() }).loose();

/** The endpoint's own tools: a workflow tool never takes their names. */
export const STATIC_MCP_TOOLS = ["get_run", "list_tasks", "decide_task"] as const;

export const toolSlug = (name: string) =>
  `run_${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")}`.slice(0, 64);

/** The workflow's own exposure setting (null: none, the live graph's applies). */
export function workflowExposure(settings: string): McpExposureSetting | null {
  const parsed = parseJsonSafely(settings, { maxDepth: 64 });
  const s = parsed.ok ? settingsShape.safeParse(parsed.value) : null;
  return s?.success ? (s.data.mcp ?? null) : null;
}

export function exposedTools(candidates: ExposedCandidate[], allows: (workflowId: string) => boolean = () => true): ExposedWorkflow[] {
  const out: ExposedWorkflow[] = [];
  const taken = new Set<string>(STATIC_MCP_TOOLS);
  for (const cand of candidates) {
    if (!allows(cand.workflowId)) continue;
    const parsed = parseJsonSafely(cand.graph, { maxDepth: 256 });
    const g = parsed.ok ? graphShape.safeParse(parsed.value) : null;
    if (!g?.success) continue;
    const mcp = workflowExposure(cand.settings) ?? g.data.settings?.mcp;
    if (!mcp?.expose) continue;
    let tool = mcp.toolName || toolSlug(cand.name);
    if (taken.has(tool)) tool = `${tool.slice(0, 55)}_${cand.workflowId.slice(0, 8)}`;
    taken.add(tool);
    const start = g.data.nodes.find((n) => n.kind === "start");
    out.push({
      tool,
      workflowId: cand.workflowId,
      workflowName: cand.name,
      description: mcp.description || cand.description || `Runs the workflow "${cand.name}" and returns its output.`,
      inputSchema: { properties: {}, ...(start?.config.inputSchema ?? {}), type: "object" },
    });
  }
  return out;
}
