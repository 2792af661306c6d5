import { z } from "zod";
import { toErrorResponse } from "@/lib/api/errors";
import { callbackHeartbeatBody } from "@/lib/api/responses/events";
import { registerRouteSpec } from "@/lib/api/route-specs";
import { getAppContext } from "@/lib/server/app-context";
import { heartbeatCallback } from "@/lib/triggers/callback-service";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/callbacks/<token>/heartbeat — the outside system is still working: the step's deadline
 * moves to now + the node's timeout. 200 `{ timeoutAt }`; 409 once the callback came or the step timed
 * out; 404 for an unknown token. Contract: docs/triggers.md.
 */
export async function POST(_req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await ctx.params;
    const app = getAppContext();
    return Response.json({
      ok: true,
      ...(await heartbeatCallback({ db: app.db.sql, store: app.engine.store, notify: app.engine.notify }, token)),
    });
  } catch (e) {
    return toErrorResponse(e);
  }
}

registerRouteSpec(POST, {
  auth: "token",
  params: z.object({ token: z.string() }),
  response: callbackHeartbeatBody,
  summary: "Extend a Wait for callback step's deadline (heartbeat)",
  errors: ["not_found", "callback_already_received", "callback_expired"],
});
