// POST /api/v1/hooks/:triggerId — a webhook delivery. No session or API key: the delivery proves
// itself with the trigger's verification mode instead (docs/triggers.md). 202 `{ runId }` at once, or
// with respond "wait" 200 `{ runId, status, output, error }` when the run ends within waitSeconds.
import { z } from "zod";
import { toErrorResponse } from "@/lib/api/errors";
import { registerRouteSpec } from "@/lib/api/route-specs";
import { hookAnswerBody } from "@/lib/api/responses/triggers";
import { getAppContext } from "@/lib/server/app-context";
import { receiveWebhook } from "@/lib/triggers/webhook-service";

export async function POST(req: Request, ctx: { params: Promise<{ triggerId: string }> }): Promise<Response> {
  try {
    const { triggerId } = await ctx.params;
    const app = getAppContext();
    const out = await receiveWebhook({ sql: app.db.sql, engine: app.engine }, triggerId, req);
    const headers: Record<string, string> = out.replayed ? { "idempotent-replayed": "true" } : {};
    if (out.kind === "accepted") return Response.json({ runId: out.runId }, { status: 202, headers });
    const { run } = out;
    return Response.json({ runId: out.runId, status: run.status, output: run.output, error: run.error }, { status: 200, headers });
  } catch (e) {
    return toErrorResponse(e);
  }
}

registerRouteSpec(POST, {
  auth: "webhook",
  params: z.object({ triggerId: z.string() }),
  rawBody: {
    contentType: "*/*",
    description:
      "Any payload (usually JSON), verified byte for byte with the trigger's signature mode; its mapping turns it into the run's input.",
  },
  response: hookAnswerBody,
  status: 202,
  summary: "Receive a webhook delivery and start a run",
  examples: {
    request: { type: "order.created", data: { orderId: "4711", amount: 120 } },
    response: { runId: "0b6f3c2e-9a41-4f0e-8d55-2f1f0c9b7a10" },
  },
  errors: [
    "not_found",
    "webhook_unverified",
    "webhook_replayed",
    "webhook_not_live",
    "payload_too_large",
    "malformed_json",
    "validation_failed",
    "rate_limited",
  ],
});
