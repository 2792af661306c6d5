import { apiRoute } from "@/lib/api/route";
import { publishedBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { publishBody, workflowParams } from "@/lib/workflows/api-schemas";
import { publishWorkflow } from "@/lib/workflows/workflow-service";

/**
 * POST /api/v1/workflows/:id/publish `{ message, expectedRevision?, makeLive? }` — validates the draft
 * (422 with every problem while errors remain) and creates the next immutable version, which becomes
 * the live one unless `makeLive` is false. Audited.
 */
export const POST = apiRoute(
  {
    response: publishedBody,
    summary: "Publish the draft as the next version",
    status: 201,
    errors: ["not_found", "invalid_graph", "publish_conflict", "draft_conflict"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: publishBody,
  },
  async ({ app, params, body, user, authMethod }) => {
    const result = await publishWorkflow(app.db, params.workflowId, body, { id: user.id, authMethod });
    app.engine.schedulesChanged(); // the in-process worker looks for new schedules now
    return Response.json(result, { status: 201 });
  },
);
