// API keys: looked up by the SHA-256 hash of the presented key, with the owning user in one query.
import type { SqlDb } from "@/lib/db/sql";
import { sqlTimestamp } from "@/lib/db/row-codec";

export interface ApiKeyOwner {
  keyId: string;
  revoked: boolean;
  user: { id: string; email: string; name: string; role: string; disabled: boolean };
}

export async function findApiKeyOwner(db: SqlDb, hash: string): Promise<ApiKeyOwner | null> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT k."id" AS "keyId", k."revokedAt", u."id", u."email", u."name", u."role", u."disabled"
       FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId" WHERE k."hash"=?`,
    [hash],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    keyId: String(r.keyId),
    revoked: r.revokedAt !== null && r.revokedAt !== undefined,
    user: { id: String(r.id), email: String(r.email), name: String(r.name), role: String(r.role), disabled: Boolean(r.disabled) },
  };
}

export async function touchApiKey(db: SqlDb, keyId: string, atMs: number): Promise<void> {
  await db.run(`UPDATE "ApiKey" SET "lastUsedAt"=? WHERE "id"=?`, [sqlTimestamp(db.dialect, atMs), keyId]);
}
