import { apiRoute } from "@/lib/api/route";
import { testRunStartedBody } from "@/lib/api/responses/test-runs";
import { permissions } from "@/lib/auth/roles";
import { testRunBody, workflowParams } from "@/lib/workflows/api-schemas";
import { startTestRun } from "@/lib/workflows/test-runs";

/**
 * POST /api/v1/workflows/:id/test-runs `{ input }` — a test run of the current draft (saved first by
 * the editor): an immutable snapshot with the draft's pins, started by this person and kept out of
 * production lists and statistics. Refused with an API key (test_run_only) and while the draft has errors.
 */
export const POST = apiRoute(
  {
    response: testRunStartedBody,
    summary: "Start a test run of the draft",
    status: 201,
    errors: ["not_found", "invalid_graph", "test_run_only", "credential_forbidden", "credential_missing", "validation_failed"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: testRunBody,
  },
  async ({ app, params, body, user, authMethod }) => {
    const started = await startTestRun(
      app.db,
      app.engine,
      params.workflowId,
      { input: body.input, trigger: authMethod === "api_key" ? "api" : "manual" },
      { id: user.id, role: user.role },
    );
    app.engine.notify();
    return Response.json(started, { status: 201 });
  },
);
