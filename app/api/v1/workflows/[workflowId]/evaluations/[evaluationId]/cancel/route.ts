import { apiRoute } from "@/lib/api/route";
import { evaluationBody } from "@/lib/api/responses/evaluations";
import { permissions } from "@/lib/auth/roles";
import { cancelEvaluation } from "@/lib/evaluations/evaluation-service";
import { evaluationParams } from "@/lib/evaluations/evaluation-schemas";

/** POST /api/v1/workflows/:workflowId/evaluations/:evaluationId/cancel — no new row starts; runs in flight are cancelled. */
export const POST = apiRoute(
  {
    response: evaluationBody,
    summary: "Cancel an evaluation",
    errors: ["not_found", "evaluation_finished"],
    roles: permissions["workflows:write"],
    params: evaluationParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => ({ evaluation: await cancelEvaluation(app.db, params.workflowId, params.evaluationId) }),
);
