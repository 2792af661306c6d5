import { apiRoute } from "@/lib/api/route";
import { deliveriesBody } from "@/lib/api/responses/triggers";
import { permissions } from "@/lib/auth/roles";
import { webhookParams } from "@/lib/triggers/api-schemas";
import { listWebhookDeliveries } from "@/lib/triggers/webhook-service";

/** GET /api/v1/workflows/:id/webhooks/:triggerId/deliveries — the last 100 deliveries (kept 7 days), newest first. */
export const GET = apiRoute(
  {
    response: deliveriesBody,
    summary: "A webhook's recent deliveries",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: webhookParams,
  },
  async ({ app, params }) => ({
    deliveries: await listWebhookDeliveries({ sql: app.db.sql, engine: app.engine }, params.workflowId, params.triggerId),
  }),
);
