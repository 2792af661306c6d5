import { apiRoute } from "@/lib/api/route";
import { runIdBody } from "@/lib/api/responses/triggers";
import { permissions } from "@/lib/auth/roles";
import { deliveryParams } from "@/lib/triggers/api-schemas";
import { resendDelivery } from "@/lib/triggers/webhook-service";

/**
 * POST …/webhooks/:triggerId/deliveries/:deliveryId/resend — "send again": the stored delivery is mapped
 * with the live version's trigger and starts a new run as the caller (201 `{ runId }`).
 */
export const POST = apiRoute(
  {
    response: runIdBody,
    summary: "Send a stored delivery again",
    status: 201,
    errors: ["not_found", "webhook_not_live", "credential_forbidden", "validation_failed"],
    roles: permissions["runs:start"],
    params: deliveryParams,
  },
  async ({ app, params, user }) => {
    const out = await resendDelivery({ sql: app.db.sql, engine: app.engine }, params.workflowId, params.triggerId, params.deliveryId, {
      id: user.id,
      role: user.role,
    });
    return Response.json(out, { status: 201 });
  },
);
