import { apiRoute } from "@/lib/api/route";
import { stepTestBodyResponse } from "@/lib/api/responses/test-runs";
import { permissions } from "@/lib/auth/roles";
import { pinParams, stepTestBody } from "@/lib/workflows/api-schemas";
import { runOneStep } from "@/lib/workflows/step-test";
import { DomainError } from "@/lib/errors/domain-error";

/**
 * POST /api/v1/workflows/:id/nodes/:nodeId/test `{ input? }` — run one HTTP or agent node of the draft
 * on its own, with upstream data from the pins or the last test run; nothing is stored. A failed
 * call is an answer (`ok: false` with the error), not an API error.
 */
export const POST = apiRoute(
  {
    response: stepTestBodyResponse,
    summary: "Run one step of the draft",
    errors: ["not_found", "step_not_testable", "test_run_only", "validation_failed"],
    roles: permissions["workflows:write"],
    params: pinParams,
    body: stepTestBody,
  },
  async ({ app, params, body, user, authMethod }) => {
    if (authMethod === "api_key") throw new DomainError("test_run_only", "Run one step is for a person in the editor, not an API key.");
    return runOneStep(app.db, params.workflowId, params.nodeId, body, user, {
      allowHosts: app.env.SWITCHYARD_HTTP_ALLOWLIST,
      env: app.env,
    });
  },
);
