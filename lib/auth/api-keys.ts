// API keys for other applications: "sy_<prefix>_<secret>", stored only as a SHA-256 hash with the
// visible prefix. A key acts for its owner with its own role (capped by the owner's current role),
// until it expires or is revoked, optionally limited to some workflows (lib/api/key-scope).
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { findApiKeyOwner, touchApiKey } from "@/lib/db/api-key-store";
import { clientOf } from "./client-of";
import { effectiveKeyRole } from "./role-ceiling";
import { roleSchema } from "./roles";
import type { SessionUser } from "./session";

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Shape of a key: only such strings are looked up at all. */
export const API_KEY_PATTERN = /^sy_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString("hex");
  const key = `sy_${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export interface KeyPrincipal {
  user: SessionUser;
  key: { id: string; workflowIds: readonly string[] | null };
}

/** A key's last use is written again after this long, or at once from another client. */
export const TOUCH_INTERVAL_MS = 60_000;
const TOUCHES_HELD = 10_000;
/** The last use this process wrote per key id: a burst from one client writes it once, not per request. */
const lastTouch = new Map<string, { atMs: number; ip: string | null; agent: string | null }>();

async function recordUse(db: SqlDb, keyId: string, nowMs: number, client: { ip: string | null; agent: string | null }): Promise<void> {
  const last = lastTouch.get(keyId);
  if (last && last.ip === client.ip && last.agent === client.agent && nowMs - last.atMs >= 0 && nowMs - last.atMs < TOUCH_INTERVAL_MS)
    return;
  await touchApiKey(db, keyId, nowMs, client);
  if (lastTouch.size >= TOUCHES_HELD) lastTouch.clear();
  lastTouch.set(keyId, { atMs: nowMs, ...client });
}

/**
 * The user a presented key acts for, or null (unknown, malformed, revoked, expired, owner disabled).
 * Records the use (time, client) on success, at most once per TOUCH_INTERVAL_MS per key and client:
 * a burst of requests with one key is one write, not a write lock per request on SQLite.
 */
export async function verifyApiKey(
  db: SqlDb,
  key: string,
  request: { headers: Headers; trustProxy: boolean; nowMs?: number },
): Promise<KeyPrincipal | null> {
  if (!API_KEY_PATTERN.test(key)) return null;
  const found = await findApiKeyOwner(db, hashApiKey(key));
  const nowMs = request.nowMs ?? Date.now();
  if (!found || found.revoked || found.user.disabled) return null;
  if (found.expiresAtMs !== null && found.expiresAtMs <= nowMs) return null;
  await recordUse(db, found.keyId, nowMs, clientOf(request.headers, request.trustProxy));
  const { user } = found;
  const ownerRole = roleSchema.safeParse(user.role);
  const keyRole = roleSchema.safeParse(found.role);
  const role = ownerRole.success && keyRole.success ? effectiveKeyRole(keyRole.data, ownerRole.data) : "viewer";
  return { user: { id: user.id, email: user.email, name: user.name, role }, key: { id: found.keyId, workflowIds: found.workflowIds } };
}
