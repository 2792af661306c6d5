// "Expose as MCP tool" (Workflow settings): whether a workflow's live version is offered as a tool on
// /api/v1/mcp, under which name and description. Stored in the workflow's settings as `mcp` (it takes
// effect at once for whatever version is live, and outlives publishing); changes are audited. The
// endpoint and the lists read it through lib/mcp/mcp-exposed-tools.ts.
import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/connection";
import { appendAudit } from "@/lib/db/audit-store";
import { selectMcpCandidates } from "@/lib/db/mcp-exposed-read";
import { txNow } from "@/lib/db/tx-now";
import { readWorkflowSettings, writeWorkflowSetting } from "@/lib/db/workflow-settings-store";
import { ProblemsError, notFound } from "@/lib/errors/domain-error";
import { graphSettingsSchema } from "@/lib/model/graph-schema";
import { getWorkflow } from "@/lib/workflows/workflow-service";
import { STATIC_MCP_TOOLS, exposedTools, toolSlug, workflowExposure, type ExposedWorkflow } from "@/lib/mcp/mcp-exposed-tools";

/** The same fields as a graph's settings.mcp; an empty tool name or description means the default. */
export const mcpExposureBody = graphSettingsSchema.shape.mcp
  .unwrap()
  .extend({
    toolName: z
      .string()
      .trim()
      .regex(/^([A-Za-z0-9_-]{1,64})?$/, "Use 1-64 letters, digits, _ or -")
      .default(""),
    description: z.string().trim().max(2000).default(""),
  })
  .strict();
export type McpExposureBody = z.output<typeof mcpExposureBody>;

export interface McpExposureView {
  expose: boolean;
  toolName: string;
  description: string;
  /** The name the default gives (run_<workflow name>). */
  defaultToolName: string;
  /** Whether a version is live (only a live version is offered). */
  live: boolean;
  /** The tool callers see now (null: not offered). */
  tool: string | null;
}

export async function listExposedTools(db: Database): Promise<ExposedWorkflow[]> {
  return exposedTools(await selectMcpCandidates(db.sql));
}

export async function getMcpExposure(db: Database, workflowId: string): Promise<McpExposureView> {
  const wf = await getWorkflow(db, workflowId);
  const row = await readWorkflowSettings(db.sql, workflowId);
  if (!row) throw notFound("Workflow");
  const own = workflowExposure(JSON.stringify(row.settings));
  const offered = (await listExposedTools(db)).find((t) => t.workflowId === workflowId) ?? null;
  // no setting of its own: what the live graph's settings.mcp gives
  const setting = own ?? { expose: offered !== null, toolName: "", description: "" };
  return {
    expose: setting.expose ?? false,
    toolName: setting.toolName ?? "",
    description: setting.description ?? "",
    defaultToolName: toolSlug(wf.name),
    live: wf.liveVersion !== null,
    tool: offered?.tool ?? null,
  };
}

export async function setMcpExposure(db: Database, workflowId: string, body: McpExposureBody, actorId: string): Promise<McpExposureView> {
  if ((STATIC_MCP_TOOLS as readonly string[]).includes(body.toolName)) {
    throw new ProblemsError("validation_failed", "Invalid tool name", [
      { path: "toolName", message: `"${body.toolName}" is one of the endpoint's own tools` },
    ]);
  }
  await db.sql.tx(async (q) => {
    const wf = await readWorkflowSettings(q, workflowId);
    if (!wf) throw notFound("Workflow");
    const after = {
      expose: body.expose,
      ...(body.toolName ? { toolName: body.toolName } : {}),
      ...(body.description ? { description: body.description } : {}),
    };
    await writeWorkflowSetting(q, workflowId, "mcp", after);
    await appendAudit(q, db.sql.dialect, {
      atMs: await txNow(db.sql.dialect, q),
      actorId,
      actorType: "user",
      action: "workflow.mcp_exposure_changed",
      targetType: "workflow",
      targetId: workflowId,
      data: { before: workflowExposure(JSON.stringify(wf.settings)), after },
    });
  });
  return getMcpExposure(db, workflowId);
}
