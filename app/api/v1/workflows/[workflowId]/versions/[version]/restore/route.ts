import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { versionParams } from "@/lib/workflows/api-schemas";
import { restoreVersion } from "@/lib/workflows/workflow-store";

/** POST /api/v1/workflows/:id/versions/:version/restore — the version's graph becomes the new draft. */
export const POST = apiRoute({ roles: permissions["workflows:write"], params: versionParams }, async ({ app, params, user }) => ({
  draft: await restoreVersion(app.db, params.workflowId, params.version, user.id),
}));
