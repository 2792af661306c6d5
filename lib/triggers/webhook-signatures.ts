// Verification of webhook deliveries, one function per mode (pure: no I/O, the clock is passed in).
// Every mode accepts any of the trigger's live secrets (the current one and those still in their
// rotation overlap window). A secret is `whsec_<base64>`: Standard Webhooks uses the decoded bytes as
// the HMAC key, GitHub and Stripe use the whole string (as Stripe does with its own whsec_ secrets),
// header_token compares it to the header's value. Comparisons are constant-time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { safeEqual } from "@/lib/security/hash";
import type { WebhookVerification } from "@/lib/model/triggers";

/** Deliveries whose timestamp is further than this from now are refused (Standard Webhooks, Stripe). */
export const SIGNATURE_TOLERANCE_S = 5 * 60;
export const DEFAULT_TOKEN_HEADER = "x-webhook-token";

export type RefusalReason = "missing_signature" | "malformed_signature" | "bad_signature" | "expired";

export type Verdict =
  | {
      ok: true;
      /** The sender's delivery id (webhook-id, X-GitHub-Delivery, Stripe event id), if it sends one. */
      deliveryId: string | null;
      /** Hash of the signature that verified: a second delivery with the same one is a replay. Null when the mode has none. */
      signatureHash: string | null;
    }
  | { ok: false; reason: RefusalReason; message: string };

export interface VerifyInput {
  mode: WebhookVerification;
  secrets: readonly string[];
  headers: Headers;
  body: Buffer;
  nowMs: number;
  tokenHeader?: string;
  /** Stripe: the parsed body's `id` is the event id. */
  parsedBody?: unknown;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function standardKey(secret: string): Buffer {
  return secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
}

const hmac = (key: Buffer | string, ...parts: (string | Buffer)[]) => {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest();
};

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const signatureHash = (s: string) => createHash("sha256").update(s).digest("hex");
const refuse = (reason: RefusalReason, message: string): Verdict => ({ ok: false, reason, message });

function checkTimestamp(ts: string, nowMs: number): Verdict | null {
  if (!/^\d{1,12}$/.test(ts)) return refuse("malformed_signature", "The timestamp is not a number of seconds");
  if (Math.abs(nowMs / 1000 - Number(ts)) > SIGNATURE_TOLERANCE_S) {
    return refuse("expired", `The timestamp is more than ${SIGNATURE_TOLERANCE_S / 60} minutes away from now`);
  }
  return null;
}

/** Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256(id.timestamp.body)>` (several, space-separated). */
export function verifyStandard(i: VerifyInput): Verdict {
  const id = i.headers.get("webhook-id");
  const ts = i.headers.get("webhook-timestamp");
  const sig = i.headers.get("webhook-signature");
  if (!id || !ts || !sig) return refuse("missing_signature", "webhook-id, webhook-timestamp and webhook-signature are required");
  const late = checkTimestamp(ts, i.nowMs);
  if (late) return late;
  const given = sig
    .split(" ")
    .map((s) => s.trim())
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"));
  if (given.length === 0) return refuse("malformed_signature", "webhook-signature has no v1 signature");
  for (const secret of i.secrets) {
    const want = hmac(standardKey(secret), `${id}.${ts}.`, i.body);
    const match = given.find((g) => sameBytes(g, want));
    if (match) return { ok: true, deliveryId: id, signatureHash: signatureHash(match.toString("base64")) };
  }
  return refuse("bad_signature", "No signature matches the webhook's secret");
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(body)>`; the delivery id is X-GitHub-Delivery. */
export function verifyGithub(i: VerifyInput): Verdict {
  const sig = i.headers.get("x-hub-signature-256");
  if (!sig) return refuse("missing_signature", "X-Hub-Signature-256 is required");
  const m = /^sha256=([0-9a-f]{64})$/i.exec(sig.trim());
  if (!m) return refuse("malformed_signature", "X-Hub-Signature-256 must be sha256=<64 hex digits>");
  const given = Buffer.from(m[1], "hex");
  for (const secret of i.secrets) {
    if (sameBytes(given, hmac(secret, i.body))) {
      return { ok: true, deliveryId: i.headers.get("x-github-delivery"), signatureHash: signatureHash(m[1].toLowerCase()) };
    }
  }
  return refuse("bad_signature", "The signature does not match the webhook's secret");
}

/** Stripe: `Stripe-Signature: t=<seconds>,v1=<hex HMAC-SHA256(t.body)>[,v1=…]`; the event id is the body's `id`. */
export function verifyStripe(i: VerifyInput): Verdict {
  const header = i.headers.get("stripe-signature");
  if (!header) return refuse("missing_signature", "Stripe-Signature is required");
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t") t = v;
    if (k === "v1" && v && /^[0-9a-f]{64}$/i.test(v)) v1.push(Buffer.from(v, "hex"));
  }
  if (!t || v1.length === 0) return refuse("malformed_signature", "Stripe-Signature needs t= and v1=");
  const late = checkTimestamp(t, i.nowMs);
  if (late) return late;
  for (const secret of i.secrets) {
    const want = hmac(secret, `${t}.`, i.body);
    const match = v1.find((g) => sameBytes(g, want));
    if (match) {
      const pb = i.parsedBody as { id?: unknown } | null | undefined;
      const eventId = pb && typeof pb === "object" && typeof pb.id === "string" ? pb.id : null;
      return { ok: true, deliveryId: eventId, signatureHash: signatureHash(match.toString("hex")) };
    }
  }
  return refuse("bad_signature", "No v1 signature matches the webhook's secret");
}

/** A static token in a header (default X-Webhook-Token), compared in constant time. */
export function verifyHeaderToken(i: VerifyInput): Verdict {
  const name = (i.tokenHeader || DEFAULT_TOKEN_HEADER).toLowerCase();
  const token = i.headers.get(name);
  if (!token) return refuse("missing_signature", `The ${name} header is required`);
  for (const secret of i.secrets) if (safeEqual(token, secret)) return { ok: true, deliveryId: null, signatureHash: null };
  return refuse("bad_signature", `The ${name} header does not match the webhook's token`);
}

const verifiers: Record<WebhookVerification, (i: VerifyInput) => Verdict> = {
  standard: verifyStandard,
  github: verifyGithub,
  stripe: verifyStripe,
  header_token: verifyHeaderToken,
  none: () => ({ ok: true, deliveryId: null, signatureHash: null }),
};

export function verifyDelivery(i: VerifyInput): Verdict {
  return verifiers[i.mode](i);
}

// ---------- signing (senders: tests, the benchmark, documentation examples) ----------

export function signStandard(secret: string, id: string, timestampS: number, body: string | Buffer): Record<string, string> {
  const sig = hmac(standardKey(secret), `${id}.${timestampS}.`, body).toString("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestampS), "webhook-signature": `v1,${sig}` };
}

export function signGithub(secret: string, body: string | Buffer): Record<string, string> {
  return { "x-hub-signature-256": `sha256=${hmac(secret, body).toString("hex")}` };
}

export function signStripe(secret: string, timestampS: number, body: string | Buffer): Record<string, string> {
  return { "stripe-signature": `t=${timestampS},v1=${hmac(secret, `${timestampS}.`, body).toString("hex")}` };
}
