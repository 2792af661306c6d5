import { z } from "zod";
import { toErrorResponse } from "@/lib/api/errors";
import { callbackAcceptedBody } from "@/lib/api/responses/events";
import { registerRouteSpec } from "@/lib/api/route-specs";
import { getAppContext } from "@/lib/server/app-context";
import { receiveCallback } from "@/lib/triggers/callback-service";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/callbacks/<token> — resume the Wait for callback step that owns this one-time URL with
 * the JSON body (validated against the node's schema). No session or API key: the unguessable token is
 * the credential. 200 once; 409 afterwards (callback_already_received, or callback_expired after the
 * timeout); 404 for an unknown token; 422 for a body that does not match (the step keeps waiting).
 * Contract: docs/triggers.md.
 */
export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await ctx.params;
    const app = getAppContext();
    const r = await receiveCallback({ db: app.db.sql, store: app.engine.store, notify: app.engine.notify }, token, req);
    return Response.json({ ok: true, ...r });
  } catch (e) {
    return toErrorResponse(e);
  }
}

registerRouteSpec(POST, {
  auth: "token",
  params: z.object({ token: z.string() }),
  rawBody: {
    contentType: "application/json",
    description: "Any JSON (at most 1 MB), checked against the Wait for callback node's body schema; it becomes the step's output.",
  },
  response: callbackAcceptedBody,
  summary: "Resume a Wait for callback step through its one-time URL",
  examples: {
    request: { status: "approved", reference: "psp-7781" },
    response: { ok: true, runId: "0b6f3c2e-9a41-4f0e-8d55-2f1f0c9b7a10", stepKey: "payment" },
  },
  errors: ["not_found", "callback_already_received", "callback_expired", "payload_too_large", "malformed_json", "validation_failed"],
});
