import { apiRoute } from "@/lib/api/route";
import { rerunBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { runParams } from "@/lib/engine/api-schemas";
import { rerunRunBody } from "@/lib/engine/control-schemas";
import { rerunFromStep } from "@/lib/engine/rerun";

/**
 * POST /api/v1/runs/:runId/rerun `{ stepKey | nodeId, inputOverride?, version? }` — start a new run
 * at a step of a finished run, reusing the stored outputs upstream (201); the new run acts for this
 * user, so rerunFromStep checks the chosen version's credentials against the role. A test run is a
 * person's: an API key gets 403 test_run_only. Contract: docs/api.md.
 */
export const POST = apiRoute(
  {
    response: rerunBody,
    summary: "Rerun a finished run from a step",
    status: 201,
    errors: ["not_found", "run_active", "validation_failed", "credential_forbidden", "credential_missing", "test_run_only"],
    roles: permissions["runs:control"],
    params: runParams,
    workflowScope: "runId",
    body: rerunRunBody,
  },
  async ({ app, params, body, user, authMethod }) => {
    const result = await rerunFromStep(app.engine, {
      runId: params.runId,
      ...body,
      userId: user.id,
      userRole: user.role,
      byApiKey: authMethod === "api_key",
    });
    return Response.json(result, { status: 201 });
  },
);
