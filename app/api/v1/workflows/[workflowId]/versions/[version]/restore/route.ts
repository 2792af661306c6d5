import { apiRoute } from "@/lib/api/route";
import { draftBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { versionParams } from "@/lib/workflows/api-schemas";
import { restoreVersion } from "@/lib/workflows/workflow-service";

/** POST /api/v1/workflows/:id/versions/:version/restore — the version's graph becomes the new draft. Audited. */
export const POST = apiRoute(
  {
    response: draftBody,
    summary: "Make a version's graph the new draft",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: versionParams,
  },
  async ({ app, params, user, authMethod }) => {
    const draft = await restoreVersion(app.db, params.workflowId, params.version, { id: user.id, authMethod });
    return { draft };
  },
);
