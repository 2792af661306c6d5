import { apiRoute } from "@/lib/api/route";
import { runBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { runParams } from "@/lib/engine/api-schemas";
import { retryRunBody } from "@/lib/engine/control-schemas";
import { retryFailedSteps } from "@/lib/engine/retry-failed";

/**
 * POST /api/v1/runs/:runId/retry `{}` — resume a FAILED run in place from its failed steps, keeping
 * completed work (409 when the run is not failed; 403 test_run_only for a test run and an API key). Contract: docs/api.md.
 */
export const POST = apiRoute(
  {
    response: runBody,
    summary: "Retry a failed run from its failed steps",
    errors: ["not_found", "run_not_failed", "nothing_to_retry", "test_run_only"],
    roles: permissions["runs:control"],
    params: runParams,
    workflowScope: "runId",
    body: retryRunBody,
  },
  async ({ app, params, user, authMethod }) => ({
    run: await retryFailedSteps(app.engine, { runId: params.runId, userId: user.id, byApiKey: authMethod === "api_key" }),
  }),
);
