import { apiRoute } from "@/lib/api/route";
import { webhookCreatedBody, webhooksBody } from "@/lib/api/responses/triggers";
import { permissions } from "@/lib/auth/roles";
import { createWebhook, listWebhooks } from "@/lib/triggers/webhook-service";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:id/webhooks — the workflow's webhook URLs (never their secrets). */
export const GET = apiRoute(
  {
    response: webhooksBody,
    summary: "The workflow's webhook URLs (never secrets)",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
  },
  async ({ app, params }) => ({
    webhooks: await listWebhooks({ sql: app.db.sql, engine: app.engine }, params.workflowId),
  }),
);

/**
 * POST /api/v1/workflows/:id/webhooks — a new webhook URL id and secret (201). The secret is in this
 * answer only; add `{ kind: "webhook", id: triggerId }` to the Start node's triggers and publish.
 */
export const POST = apiRoute(
  {
    response: webhookCreatedBody,
    summary: "Create a webhook URL and secret",
    status: 201,
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: workflowParams,
  },
  async ({ app, params, user }) => {
    const created = await createWebhook({ sql: app.db.sql, engine: app.engine }, params.workflowId, { id: user.id, role: user.role });
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
