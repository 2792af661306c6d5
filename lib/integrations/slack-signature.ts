// Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
// `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret, and the
// timestamp within five minutes of now. The comparison is constant-time.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SLACK_TOLERANCE_SECONDS = 300;

export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export type SlackVerdict = { ok: true } | { ok: false; reason: string };

export function verifySlackSignature(
  signingSecret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  nowMs: number,
): SlackVerdict {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, reason: "missing X-Slack-Request-Timestamp or X-Slack-Signature" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_TOLERANCE_SECONDS)
    return { ok: false, reason: "timestamp outside the 5-minute tolerance" };
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}
