import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { publishBody, workflowParams } from "@/lib/workflows/api-schemas";
import { auditWorkflow } from "@/lib/workflows/workflow-audit";
import { publishWorkflow } from "@/lib/workflows/workflow-store";

/**
 * POST /api/v1/workflows/:id/publish `{ message, expectedRevision? }` — validates the draft
 * (422 with every problem while errors remain) and creates the next immutable version. Audited.
 */
export const POST = apiRoute(
  { roles: permissions["workflows:write"], params: workflowParams, body: publishBody },
  async ({ app, params, body, user, authMethod }) => {
    const result = await publishWorkflow(app.db, params.workflowId, body, user.id);
    await auditWorkflow(app.db, {
      action: "workflow.published",
      workflowId: params.workflowId,
      actorId: user.id,
      authMethod,
      data: {
        version: result.version.version,
        versionId: result.version.id,
        message: result.version.message,
        warnings: result.warnings.length,
      },
    });
    return Response.json(result, { status: 201 });
  },
);
