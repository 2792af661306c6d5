import { apiRoute } from "@/lib/api/route";
import { workflowChatResponse } from "@/lib/api/responses/integrations";
import { permissions } from "@/lib/auth/roles";
import { getWorkflowChat, setWorkflowChat, workflowChatSchema, workflowChatView } from "@/lib/integrations/workflow-chat";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:workflowId/chat — where the workflow's approval tasks are posted in Slack and Teams. */
export const GET = apiRoute(
  {
    response: workflowChatResponse,
    summary: "A workflow's chat approval channels",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => workflowChatView(app.db.sql, await getWorkflowChat(app.db.sql, params.workflowId)),
);

/** PATCH /api/v1/workflows/:workflowId/chat `{ slack, slackChannel, directMessages, teams }` — audited. */
export const PATCH = apiRoute(
  {
    response: workflowChatResponse,
    summary: "Set a workflow's chat approval channels",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: workflowChatSchema,
    workflowScope: "workflowId",
  },
  async ({ app, params, body, user }) => workflowChatView(app.db.sql, await setWorkflowChat(app.db.sql, params.workflowId, body, user.id)),
);
