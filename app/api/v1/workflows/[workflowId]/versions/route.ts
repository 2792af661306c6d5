import { apiRoute } from "@/lib/api/route";
import { versionsBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/workflows/api-schemas";
import { listVersions } from "@/lib/workflows/workflow-service";

/** GET /api/v1/workflows/:id/versions — newest first: author, time, message, changes vs the previous version. */
export const GET = apiRoute(
  {
    response: versionsBody,
    summary: "The workflow's versions, newest first",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => ({
    versions: await listVersions(app.db, params.workflowId),
  }),
);
