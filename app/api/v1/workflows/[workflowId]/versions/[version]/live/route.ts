import { apiRoute } from "@/lib/api/route";
import { liveBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { versionParams } from "@/lib/workflows/api-schemas";
import { makeVersionLive } from "@/lib/workflows/workflow-service";

/**
 * POST /api/v1/workflows/:id/versions/:version/live — make this published version the live one
 * (promote or roll back): runs started by workflowId (API, webhooks, schedules, events) use it from
 * now on; runs already started keep theirs. Audited as `workflow.live_changed`.
 */
export const POST = apiRoute(
  {
    response: liveBody,
    summary: "Make a published version the live one (promote or roll back)",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: versionParams,
  },
  async ({ app, params, user, authMethod }) => {
    const live = await makeVersionLive(app.db, params.workflowId, params.version, { id: user.id, authMethod });
    app.engine.schedulesChanged(); // the live version's schedules replace the old one's: look now
    return { live };
  },
);
