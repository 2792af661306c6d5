// A data subject's keyed hash: HMAC-SHA256 of the subject value under a key derived from the server
// secret (lib/security/secrets.ts), so the database never holds the clear key outside the run's own
// data, and someone with only the database cannot confirm a guessed subject (a plain hash could be
// brute-forced over a small id space). The same value always gives the same hash: runs are listed
// and erased by it. After a key rotation, runs hashed under a retired key (SWITCHYARD_SECRET_KEY_PREVIOUS)
// are still found: lookups try every key of the ring.
import { createHmac } from "node:crypto";
import { resolveSecretKeyring, type SecretKey } from "@/lib/security/secrets";

/** Subjects longer than this are refused (they are ids, not documents). */
export const MAX_SUBJECT_LENGTH = 500;

const derived = new Map<string, Buffer>();
let ring: SecretKey[] | null = null;

function keys(): SecretKey[] {
  if (!ring) {
    const r = resolveSecretKeyring();
    ring = [r.primary, ...r.previous];
  }
  return ring;
}

/** Forget the cached keys (tests that change the secret key). */
export function resetSubjectKeys(): void {
  ring = null;
  derived.clear();
}

function hmacKey(k: SecretKey): Buffer {
  let d = derived.get(k.keyId);
  if (!d) {
    d = createHmac("sha256", k.key).update("switchyard:data-subject:v1").digest();
    derived.set(k.keyId, d);
  }
  return d;
}

/** The canonical text of a subject value: strings as they are, anything else as JSON; null when empty. */
export function subjectText(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function hashWith(k: SecretKey, text: string): string {
  return `hs1:${createHmac("sha256", hmacKey(k)).update(text).digest("hex")}`;
}

/** The subject's hash under the current key (what a new run stores); null when there is no subject. */
export function subjectHash(value: unknown): string | null {
  const text = subjectText(value);
  return text === null ? null : hashWith(keys()[0], text);
}

/** The subject's hash under every key of the ring (current first): what lookups and erasure match. */
export function subjectHashes(value: unknown): string[] {
  const text = subjectText(value);
  return text === null ? [] : keys().map((k) => hashWith(k, text));
}

/**
 * A keyed digest of personal free text or values for audit records ("hd1:<hex>"): the audit chain
 * cannot be edited, so it holds this instead of the clear text; whoever holds the server key and the
 * original can still prove what was recorded, while an erasure leaves nothing readable behind.
 */
export function personalDigest(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
  return `hd1:${createHmac("sha256", hmacKey(keys()[0])).update(text).digest("hex")}`;
}

/** A decision's field diff for the audit record: which fields changed, with keyed digests of the values. */
export function auditDiff(
  diff: { path: string; from: unknown; to: unknown }[] | null,
): { path: string; from: string; to: string }[] | null {
  return diff ? diff.map((d) => ({ path: d.path, from: personalDigest(d.from), to: personalDigest(d.to) })) : null;
}
