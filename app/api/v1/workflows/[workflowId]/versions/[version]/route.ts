import { apiRoute } from "@/lib/api/route";
import { versionBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { versionParams } from "@/lib/workflows/api-schemas";
import { getVersion } from "@/lib/workflows/workflow-service";

/** GET /api/v1/workflows/:id/versions/:version — one immutable version with its graph. */
export const GET = apiRoute(
  {
    response: versionBody,
    summary: "One immutable version with its graph",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: versionParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => ({
    version: await getVersion(app.db, params.workflowId, params.version),
  }),
);
