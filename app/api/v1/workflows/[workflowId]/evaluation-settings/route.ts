import { apiRoute } from "@/lib/api/route";
import { evaluationSettingsBody } from "@/lib/api/responses/evaluations";
import { permissions } from "@/lib/auth/roles";
import { getEvaluationSettings, setEvaluationSettings } from "@/lib/evaluations/evaluation-service";
import { evaluationSettingsSchema } from "@/lib/evaluations/evaluation-schemas";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:workflowId/evaluation-settings — concurrency and the publish gate's pass rate. */
export const GET = apiRoute(
  {
    response: evaluationSettingsBody,
    summary: "A workflow's evaluation settings",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => getEvaluationSettings(app.db, params.workflowId),
);

/** PUT /api/v1/workflows/:workflowId/evaluation-settings `{ concurrency, requirePassRate }` — replace them; audited. */
export const PUT = apiRoute(
  {
    response: evaluationSettingsBody,
    summary: "Set a workflow's evaluation settings",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: evaluationSettingsSchema,
    workflowScope: "workflowId",
  },
  async ({ app, params, body, user }) => setEvaluationSettings(app.db, params.workflowId, body, user.id),
);
