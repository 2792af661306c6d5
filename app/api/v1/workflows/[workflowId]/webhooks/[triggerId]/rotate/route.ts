import { apiRoute } from "@/lib/api/route";
import { webhookRotatedBody } from "@/lib/api/responses/triggers";
import { permissions } from "@/lib/auth/roles";
import { rotateBody, webhookParams } from "@/lib/triggers/api-schemas";
import { rotateWebhookSecret } from "@/lib/triggers/webhook-service";

/**
 * POST /api/v1/workflows/:id/webhooks/:triggerId/rotate `{ overlapMinutes? }` — a new secret, shown in
 * this answer only; the previous one keeps working for the overlap (default 60 minutes). Audited.
 */
export const POST = apiRoute(
  {
    response: webhookRotatedBody,
    summary: "Rotate a webhook's secret",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: webhookParams,
    body: rotateBody,
  },
  async ({ app, params, body, user }) => {
    const out = await rotateWebhookSecret(
      { sql: app.db.sql, engine: app.engine },
      params.workflowId,
      params.triggerId,
      body.overlapMinutes,
      {
        id: user.id,
        role: user.role,
      },
    );
    return Response.json(out, { headers: { "cache-control": "no-store" } });
  },
);
