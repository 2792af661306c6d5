import { apiRoute } from "@/lib/api/route";
import { workflowAlertsResponse } from "@/lib/api/responses/integrations";
import { permissions } from "@/lib/auth/roles";
import { workflowAlertsBody } from "@/lib/alerts/alert-schemas";
import { getWorkflowAlerts, setWorkflowAlerts } from "@/lib/alerts/workflow-alerts";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:workflowId/alerts — the workflow's alerts and their recent firings. */
export const GET = apiRoute(
  {
    response: workflowAlertsResponse,
    summary: "A workflow's alerts and recent firings",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => getWorkflowAlerts(app.db.sql, params.workflowId),
);

/** PATCH /api/v1/workflows/:workflowId/alerts `{ alerts: [...] }` — replace the workflow's alerts; audited. */
export const PATCH = apiRoute(
  {
    response: workflowAlertsResponse,
    summary: "Set a workflow's alerts",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: workflowAlertsBody,
    workflowScope: "workflowId",
  },
  async ({ app, params, body, user }) => setWorkflowAlerts(app.db.sql, params.workflowId, body, user.id),
);
