import { apiRoute } from "@/lib/api/route";
import { evaluationBody, evaluationListBody } from "@/lib/api/responses/evaluations";
import { permissions } from "@/lib/auth/roles";
import { listEvaluations, startEvaluation } from "@/lib/evaluations/evaluation-service";
import { evaluationStartBody } from "@/lib/evaluations/evaluation-schemas";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:workflowId/evaluations — the workflow's evaluations, newest first. */
export const GET = apiRoute(
  {
    response: evaluationListBody,
    summary: "A workflow's evaluations",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => ({ evaluations: await listEvaluations(app.db, params.workflowId) }),
);

/**
 * POST /api/v1/workflows/:workflowId/evaluations `{ datasetId, target: "draft" | N, compareVersion?, graders }` —
 * run the draft (validated like a publish) or version N over the dataset as test runs, beside
 * `compareVersion` when given. The worker runs it; refused with an API key (session_required).
 */
export const POST = apiRoute(
  {
    response: evaluationBody,
    summary: "Start an evaluation",
    status: 201,
    errors: ["not_found", "invalid_graph", "test_run_only", "validation_failed"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: evaluationStartBody,
    workflowScope: "workflowId",
    // the evaluation's rows are test runs, which only a person starts
    sessionOnly: true,
  },
  async ({ app, params, body, user, authMethod }) => {
    const evaluation = await startEvaluation(
      app.db,
      params.workflowId,
      body,
      { id: user.id, role: user.role },
      authMethod === "api_key" ? "api" : "manual",
    );
    app.engine.notify(); // the in-process evaluation sweeper starts its rows now
    return Response.json({ evaluation }, { status: 201 });
  },
);
