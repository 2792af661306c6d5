// Calls to Slack (Web API with the bot token, an incoming webhook, a response_url) and to a Teams
// workflow webhook, through the SSRF-safe fetch. The destinations are admin configuration (trusted,
// like a model provider's base URL: docs/security.md), so their own host is allow-listed even when
// it is private (a fake Slack on 127.0.0.1 in tests, a proxy inside the network); every other
// address rule, the timeout and the response cap still apply. Answers are parsed with zod.
import "server-only";
import { z } from "zod";
import { safeFetch } from "@/lib/security/safe-fetch";
import type { SlackConfig } from "./chat-settings";

const TIMEOUT_MS = 10_000;

export class ChatCallError extends Error {}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return safeFetch(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
    allowHosts: [host],
    timeoutMs: TIMEOUT_MS,
    maxResponseBytes: 1024 * 1024,
    maxRedirects: 0,
  });
}

const webApiAnswer = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  ts: z.string().optional(),
  channel: z.string().optional(),
});

/** One Slack Web API method with the bot token; throws ChatCallError unless Slack answers ok. */
export async function slackApi(cfg: SlackConfig, method: string, body: Record<string, unknown>): Promise<z.output<typeof webApiAnswer>> {
  if (!cfg.botToken) throw new ChatCallError("Slack has no bot token configured");
  const res = await post(`${cfg.apiBaseUrl}/${method}`, body, { authorization: `Bearer ${cfg.botToken}` });
  const parsed = webApiAnswer.safeParse(await res.json().catch(() => null));
  if (!res.ok || !parsed.success || !parsed.data.ok) {
    throw new ChatCallError(
      `Slack ${method} failed: ${parsed.success ? (parsed.data.error ?? `HTTP ${res.status}`) : `HTTP ${res.status}`}`,
    );
  }
  return parsed.data;
}

const userInfo = z.object({
  ok: z.literal(true),
  user: z.looseObject({ profile: z.looseObject({ email: z.string().email().optional() }) }),
});

/** The email of a Slack user (users.info; needs the users:read.email scope), or null. */
export async function slackUserEmail(cfg: SlackConfig, slackUserId: string): Promise<string | null> {
  if (!cfg.botToken) return null;
  const res = await post(`${cfg.apiBaseUrl}/users.info`, { user: slackUserId }, { authorization: `Bearer ${cfg.botToken}` });
  const parsed = userInfo.safeParse(await res.json().catch(() => null));
  return parsed.success ? (parsed.data.user.profile.email ?? null) : null;
}

/** A plain POST of JSON to a webhook (Slack incoming webhook, response_url, Teams workflow). */
export async function postWebhook(url: string, body: unknown): Promise<void> {
  const res = await post(url, body);
  await res.arrayBuffer();
  if (!res.ok) throw new ChatCallError(`webhook answered HTTP ${res.status}`);
}
