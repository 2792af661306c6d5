import { toErrorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/read-body";
import { slackInteractionResponse } from "@/lib/api/responses/integrations";
import { registerRouteSpec } from "@/lib/api/route-specs";
import { ChatPoster } from "@/lib/integrations/chat-poster";
import { postWebhook } from "@/lib/integrations/slack-client";
import { handleSlackInteraction } from "@/lib/integrations/slack-interactions";
import { getAppContext } from "@/lib/server/app-context";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/**
 * POST /api/v1/integrations/slack/interactions — Slack's interactivity request URL. No session or API
 * key: the request proves itself with the Slack app's signing secret (v0 HMAC-SHA256 of
 * `v0:<timestamp>:<body>`, timestamp within 5 minutes, each signed request handled once). An Approve
 * click decides at once; Reject opens a dialog whose submission decides with the reason. The
 * message is then updated to say who decided. Contract: docs/inbox.md, "Approvals in Slack and Teams".
 */
export async function POST(req: Request): Promise<Response> {
  try {
    const app = getAppContext();
    const body = await readBodyText(req, MAX_BODY_BYTES);
    const out = await handleSlackInteraction(
      { db: app.db.sql, engine: app.engine },
      { body, timestamp: req.headers.get("x-slack-request-timestamp"), signature: req.headers.get("x-slack-signature") },
    );
    // Slack wants its answer within 3 s: the message update and any reply go after it.
    if (out.decidedTaskId) {
      const poster = new ChatPoster({ db: app.db.sql, baseUrl: app.env.SWITCHYARD_BASE_URL ?? `http://localhost:${app.env.PORT}` });
      poster.refreshTask(out.decidedTaskId).catch((e: unknown) => console.warn("[slack] message update failed", e));
    }
    if (out.reply) {
      postWebhook(out.reply.responseUrl, { response_type: "ephemeral", replace_original: false, text: out.reply.text }).catch(
        (e: unknown) => console.warn("[slack] reply failed", e),
      );
    }
    return Response.json(out.body);
  } catch (e) {
    return toErrorResponse(e);
  }
}

registerRouteSpec(POST, {
  auth: "webhook",
  rawBody: {
    contentType: "application/x-www-form-urlencoded",
    description: "Slack's interaction payload (`payload=<JSON>`), signed with the Slack app's signing secret.",
  },
  response: slackInteractionResponse,
  summary: "Slack interactivity: Approve, Reject with a reason, from a posted approval message",
  examples: {
    request: `payload=${encodeURIComponent(
      JSON.stringify({
        type: "block_actions",
        user: { id: "U024BE7LH" },
        actions: [{ action_id: "approve", value: '{"t":"0b6f3c2e-9a41-4f0e-8d55-2f1f0c9b7a10","v":0}' }],
      }),
    )}`,
    response: { ok: true, taskStatus: "approved" },
  },
  errors: ["slack_unverified", "slack_replayed", "invalid_request", "payload_too_large"],
});
