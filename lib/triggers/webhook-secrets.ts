// A webhook's secrets, encrypted at rest as one JSON list: the current secret first, then earlier
// ones that stay valid until their overlap window ends (rotation without a gap). Plain secrets leave
// the server only in the answer to create and rotate.
import { decryptSecretJson, encryptSecretJson } from "@/lib/security/secrets";
import { LruCache } from "@/lib/model/lru-cache";
import { z } from "zod";

const storedSchema = z.array(z.object({ secret: z.string().min(1), expiresAtMs: z.number().nullable() }));
export type StoredSecrets = z.infer<typeof storedSchema>;

export function sealSecrets(list: StoredSecrets): string {
  return encryptSecretJson(list);
}

export function openSecrets(ciphertext: string): StoredSecrets {
  return storedSchema.parse(decryptSecretJson(ciphertext));
}

// Every delivery needs its webhook's secrets: decrypt each stored ciphertext once (keyed by the
// ciphertext, so a rotation, which writes a new one, is never answered from the cache).
const opened = new LruCache<string, StoredSecrets>(256);

/** The secrets a delivery may be signed with now. */
export function liveSecrets(ciphertext: string, nowMs: number): string[] {
  let list = opened.get(ciphertext);
  if (!list) {
    list = openSecrets(ciphertext);
    opened.set(ciphertext, list);
  }
  return list.filter((s) => s.expiresAtMs === null || s.expiresAtMs > nowMs).map((s) => s.secret);
}

/** The list after a rotation: `fresh` becomes current; the old ones stay valid for `overlapMs` at most. */
export function rotatedSecrets(current: StoredSecrets, fresh: string, nowMs: number, overlapMs: number): StoredSecrets {
  const until = nowMs + overlapMs;
  const kept = current
    .filter((s) => s.expiresAtMs === null || s.expiresAtMs > nowMs)
    .map((s) => ({ secret: s.secret, expiresAtMs: Math.min(s.expiresAtMs ?? until, until) }))
    .filter((s) => s.expiresAtMs > nowMs);
  return [{ secret: fresh, expiresAtMs: null }, ...kept];
}
