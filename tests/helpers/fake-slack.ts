// A local stand-in for Slack: the Web API methods Switchyard calls (chat.postMessage, chat.update,
// views.open, users.info) checked for the bot token and a JSON body and recorded, an incoming
// webhook and a response_url that record what they get, and the sending side: interaction requests
// signed the way Slack signs them (v0 HMAC-SHA256 of `v0:<timestamp>:<body>`).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}

export interface FakeSlack {
  /** The Web API base URL to configure (…/api). */
  url: string;
  botToken: string;
  signingSecret: string;
  /** Web API calls that carried the right token and a JSON body, in order. */
  calls: SlackCall[];
  /** Calls refused (wrong token, not JSON), by method. */
  refused: string[];
  /** Bodies posted to the incoming webhook (…/webhook) and to response URLs (…/response). */
  webhook: unknown[];
  responses: unknown[];
  /** users.info answers: Slack user id → email. */
  users: Map<string, string>;
  callsOf(method: string): SlackCall[];
  /** A signed interaction request (form-encoded payload) as Slack sends it. */
  signed(payload: unknown, opts?: { timestamp?: number; secret?: string }): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

export async function startFakeSlack(opts: { botToken?: string; signingSecret?: string } = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? "xoxb-fake-token";
  const signingSecret = opts.signingSecret ?? "fake-signing-secret";
  const calls: SlackCall[] = [];
  const refused: string[] = [];
  const webhook: unknown[] = [];
  const responses: unknown[] = [];
  const users = new Map<string, string>();
  let seq = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        body = null;
      }
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (path === "/webhook" || path === "/response") {
        (path === "/webhook" ? webhook : responses).push(body);
        return send(body === null ? 400 : 200, { ok: body !== null });
      }
      const method = path.replace(/^\/api\//, "");
      if (req.headers.authorization !== `Bearer ${botToken}`) {
        refused.push(method);
        return send(200, { ok: false, error: "invalid_auth" });
      }
      if (typeof body !== "object" || body === null) {
        refused.push(method);
        return send(200, { ok: false, error: "invalid_json" });
      }
      const b = body as Record<string, unknown>;
      calls.push({ method, body: b });
      switch (method) {
        case "chat.postMessage": {
          const channel = String(b.channel ?? "");
          if (!channel || !Array.isArray(b.blocks)) return send(200, { ok: false, error: "invalid_arguments" });
          return send(200, {
            ok: true,
            channel: channel.startsWith("U") ? `D${channel.slice(1)}` : channel,
            ts: `1700000000.${String(seq++).padStart(6, "0")}`,
          });
        }
        case "chat.update":
          return send(200, b.channel && b.ts ? { ok: true, channel: b.channel, ts: b.ts } : { ok: false, error: "message_not_found" });
        case "views.open":
          return send(200, b.trigger_id && b.view ? { ok: true } : { ok: false, error: "invalid_arguments" });
        case "users.info": {
          const email = users.get(String(b.user ?? ""));
          return send(200, email ? { ok: true, user: { id: b.user, profile: { email } } } : { ok: false, error: "user_not_found" });
        }
        default:
          return send(200, { ok: false, error: "unknown_method" });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/api`,
    botToken,
    signingSecret,
    calls,
    refused,
    webhook,
    responses,
    users,
    callsOf: (m) => calls.filter((c) => c.method === m),
    signed(payload, o = {}) {
      const timestamp = String(Math.floor((o.timestamp ?? Date.now()) / 1000));
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const sig = `v0=${createHmac("sha256", o.secret ?? signingSecret)
        .update(`v0:${timestamp}:${body}`)
        .digest("hex")}`;
      return {
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": sig },
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Slack's payload for a click on one of the message's buttons. */
export function buttonClick(
  slackUserId: string,
  actionId: string,
  value: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: "block_actions",
    user: { id: slackUserId, username: slackUserId.toLowerCase() },
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    actions: [{ action_id: actionId, block_id: "switchyard_decision", value, type: "button" }],
    ...extra,
  };
}

/** Slack's payload for the submitted reason dialog. */
export function reasonSubmitted(slackUserId: string, privateMetadata: string, reason: string): Record<string, unknown> {
  return {
    type: "view_submission",
    user: { id: slackUserId },
    view: {
      callback_id: "switchyard_reject",
      private_metadata: privateMetadata,
      state: { values: { reason: { reason: { type: "plain_text_input", value: reason } } } },
    },
  };
}
