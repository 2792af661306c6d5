import { apiRoute } from "@/lib/api/route";
import { evaluationDetailBody } from "@/lib/api/responses/evaluations";
import { permissions } from "@/lib/auth/roles";
import { getEvaluationDetail } from "@/lib/evaluations/evaluation-service";
import { evaluationParams } from "@/lib/evaluations/evaluation-schemas";

/** GET /api/v1/workflows/:workflowId/evaluations/:evaluationId — progress, numbers per target, changed rows and every row. */
export const GET = apiRoute(
  {
    response: evaluationDetailBody,
    summary: "An evaluation's results",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: evaluationParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => getEvaluationDetail(app.db, params.workflowId, params.evaluationId),
);
