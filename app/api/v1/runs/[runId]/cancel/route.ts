import { apiRoute } from "@/lib/api/route";
import { runBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { cancelRunBody, runParams } from "@/lib/engine/api-schemas";
import { cancelRun } from "@/lib/engine/run-service";

/** POST /api/v1/runs/:runId/cancel `{ reason? }` — cancel a queued, running or waiting run. */
export const POST = apiRoute(
  {
    response: runBody,
    summary: "Cancel a run",
    errors: ["not_found", "run_finished"],
    roles: permissions["runs:control"],
    params: runParams,
    workflowScope: "runId",
    body: cancelRunBody,
  },
  async ({ app, params, body, user }) => ({
    run: await cancelRun(app.engine, { runId: params.runId, userId: user.id, reason: body.reason }),
  }),
);
