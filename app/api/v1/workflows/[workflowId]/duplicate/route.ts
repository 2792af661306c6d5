import { apiRoute } from "@/lib/api/route";
import { workflowDuplicatedBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/workflows/api-schemas";
import { duplicateWorkflow } from "@/lib/workflows/workflow-service";

/** POST /api/v1/workflows/:id/duplicate — a new workflow with a copy of the draft. */
export const POST = apiRoute(
  {
    response: workflowDuplicatedBody,
    summary: "Duplicate a workflow's draft",
    status: 201,
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
  },
  async ({ app, params, user }) => {
    const workflow = await duplicateWorkflow(app.db, params.workflowId, user.id);
    return Response.json({ workflow }, { status: 201 });
  },
);
