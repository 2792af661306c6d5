import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { workflowFileBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/workflows/api-schemas";
import { toWorkflowFile, workflowFileName } from "@/lib/workflows/workflow-file";
import { getVersion, getWorkflow } from "@/lib/workflows/workflow-service";

/**
 * GET /api/v1/workflows/:id/export[?version=N] — a JSON download
 * `{ format: "switchyard.workflow", name, description, graph }` of the draft (or of version N).
 */
export const GET = apiRoute(
  {
    response: workflowFileBody,
    summary: "Download the draft (or a version) as a workflow file",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
    workflowScope: "workflowId",
    query: z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
  },
  async ({ app, params, query }) => {
    const workflow = await getWorkflow(app.db, params.workflowId);
    const graph = query.version ? (await getVersion(app.db, params.workflowId, query.version)).graph : workflow.draft.graph;
    const file = toWorkflowFile({ name: workflow.name, description: workflow.description, graph });
    return new Response(`${JSON.stringify(file, null, 2)}\n`, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${workflowFileName(workflow.name)}"`,
        "cache-control": "no-store",
      },
    });
  },
);
