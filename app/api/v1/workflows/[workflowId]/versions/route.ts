import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/workflows/api-schemas";
import { listVersions } from "@/lib/workflows/workflow-service";

/** GET /api/v1/workflows/:id/versions — newest first: author, time, message, changes vs the previous version. */
export const GET = apiRoute({ roles: permissions["workflows:read"], params: workflowParams }, async ({ app, params }) => ({
  versions: await listVersions(app.db, params.workflowId),
}));
