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

/**
 * The user a presented key acts for, or null (unknown, malformed, revoked, expired, owner disabled).
 * Records the use (time, client) on success.
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
  await touchApiKey(db, found.keyId, nowMs, clientOf(request.headers, request.trustProxy));
  const { user } = found;
  const ownerRole = roleSchema.safeParse(user.role);
  const keyRole = roleSchema.safeParse(found.role);
  const role = ownerRole.success && keyRole.success ? effectiveKeyRole(keyRole.data, ownerRole.data) : "viewer";
  return { user: { id: user.id, email: user.email, name: user.name, role }, key: { id: found.keyId, workflowIds: found.workflowIds } };
}
