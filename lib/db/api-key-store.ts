// API keys: looked up by the SHA-256 hash of the presented key (with the owning user in one query),
// created, listed, revoked and rotated. Only the hash and a visible prefix are stored; the secret
// never reaches this module. Every create, revoke and rotate writes its audit record in the same
// transaction as the change.
import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import { jsonText, parseJsonColumn, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import type { ApiKeyInfo } from "@/lib/auth/api-key-info";

export type { ApiKeyInfo } from "@/lib/auth/api-key-info";

export interface ApiKeyOwner {
  keyId: string;
  revoked: boolean;
  /** The key's own role (the owner's current role still caps it). */
  role: string;
  expiresAtMs: number | null;
  /** Workflow ids the key is limited to; null = every workflow. */
  workflowIds: string[] | null;
  user: { id: string; email: string; name: string; role: string; disabled: boolean };
}

export interface ApiKeyInsert {
  name: string;
  prefix: string;
  hash: string;
  role: string;
  expiresAtMs: number | null;
  workflowIds: string[] | null;
}

export interface KeyActor {
  id: string;
  /** Admins may revoke and rotate any key; others only their own. */
  isAdmin: boolean;
}

const INFO_COLS = `k."id", k."name", k."prefix", k."role", k."workflowIds", k."createdAt", k."expiresAt", k."revokedAt",
  k."lastUsedAt", k."lastUsedIp", k."lastUsedAgent", k."userId", u."name" AS "ownerName", u."email" AS "ownerEmail"`;

const optTs = (v: unknown) => (v === null || v === undefined ? null : readTimestamp(v));

function workflowIdsOf(v: unknown): string[] | null {
  const parsed = parseJsonColumn(v, null);
  return Array.isArray(parsed) ? parsed.map(String) : null;
}

function toInfo(r: Record<string, unknown>): ApiKeyInfo {
  return {
    id: String(r.id),
    name: String(r.name),
    prefix: String(r.prefix),
    role: String(r.role),
    workflowIds: workflowIdsOf(r.workflowIds),
    createdAt: readTimestamp(r.createdAt),
    expiresAt: optTs(r.expiresAt),
    revokedAt: optTs(r.revokedAt),
    lastUsedAt: optTs(r.lastUsedAt),
    lastUsedIp: r.lastUsedIp === null || r.lastUsedIp === undefined ? null : String(r.lastUsedIp),
    lastUsedAgent: r.lastUsedAgent === null || r.lastUsedAgent === undefined ? null : String(r.lastUsedAgent),
    owner: { id: String(r.userId), name: String(r.ownerName ?? ""), email: String(r.ownerEmail ?? "") },
  };
}

export async function findApiKeyOwner(db: SqlDb, hash: string): Promise<ApiKeyOwner | null> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT k."id" AS "keyId", k."revokedAt", k."role" AS "keyRole", k."expiresAt", k."workflowIds",
            u."id", u."email", u."name", u."role", u."disabled"
       FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId" WHERE k."hash"=?`,
    [hash],
  );
  const r = rows[0];
  if (!r) return null;
  const expires = optTs(r.expiresAt);
  return {
    keyId: String(r.keyId),
    revoked: r.revokedAt !== null && r.revokedAt !== undefined,
    role: String(r.keyRole),
    expiresAtMs: expires === null ? null : Date.parse(expires),
    workflowIds: workflowIdsOf(r.workflowIds),
    user: { id: String(r.id), email: String(r.email), name: String(r.name), role: String(r.role), disabled: Boolean(r.disabled) },
  };
}

/** Records a use: time and client (address as configured, user agent). */
export async function touchApiKey(
  db: SqlDb,
  keyId: string,
  atMs: number,
  client: { ip: string | null; agent: string | null } = { ip: null, agent: null },
): Promise<void> {
  await db.run(`UPDATE "ApiKey" SET "lastUsedAt"=?, "lastUsedIp"=?, "lastUsedAgent"=? WHERE "id"=?`, [
    sqlTimestamp(db.dialect, atMs),
    client.ip,
    client.agent,
    keyId,
  ]);
}

/** Keys newest first: every key (ownerId undefined, the admin view) or one user's. */
export async function listApiKeys(db: SqlDb, ownerId?: string): Promise<ApiKeyInfo[]> {
  const where = ownerId === undefined ? "" : `WHERE k."userId"=?`;
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${INFO_COLS} FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId" ${where} ORDER BY k."createdAt" DESC, k."id"`,
    ownerId === undefined ? [] : [ownerId],
  );
  return rows.map(toInfo);
}

export async function getApiKey(db: SqlQuery, id: string): Promise<ApiKeyInfo | null> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${INFO_COLS} FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId" WHERE k."id"=?`,
    [id],
  );
  return rows[0] ? toInfo(rows[0]) : null;
}

function auditData(
  k: { name: string; prefix: string; role: string; expiresAt: string | null; workflowIds: string[] | null },
  ownerId: string,
) {
  return { name: k.name, prefix: k.prefix, role: k.role, expiresAt: k.expiresAt, workflowIds: k.workflowIds, ownerId };
}

async function insertKey(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  ownerId: string,
  input: ApiKeyInsert,
  meta: { nowMs: number; createdById: string; rotatedFromId: string | null },
) {
  const { nowMs, createdById, rotatedFromId } = meta;
  const id = randomUUID();
  await q.run(
    `INSERT INTO "ApiKey" ("id","name","prefix","hash","userId","createdAt","role","expiresAt","workflowIds","createdById","rotatedFromId")
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    [
      id,
      input.name,
      input.prefix,
      input.hash,
      ownerId,
      sqlTimestamp(dialect, nowMs),
      input.role,
      input.expiresAtMs === null ? null : sqlTimestamp(dialect, input.expiresAtMs),
      jsonText(input.workflowIds),
      createdById,
      rotatedFromId,
    ],
  );
  return id;
}

/** Creates a key owned by actor; the row and its audit record commit together. */
export async function createApiKey(db: SqlDb, ownerId: string, input: ApiKeyInsert): Promise<ApiKeyInfo> {
  const id = await db.tx(async (q) => {
    const nowMs = Date.now();
    const keyId = await insertKey(q, db.dialect, ownerId, input, { nowMs, createdById: ownerId, rotatedFromId: null });
    const expiresAt = input.expiresAtMs === null ? null : new Date(input.expiresAtMs).toISOString();
    await appendAudit(q, db.dialect, {
      atMs: nowMs,
      actorId: ownerId,
      actorType: "user",
      action: "api_key.created",
      targetType: "api_key",
      targetId: keyId,
      data: auditData({ ...input, expiresAt }, ownerId),
    });
    return keyId;
  });
  return (await getApiKey(db, id))!;
}

async function lockedKey(q: SqlQuery, dialect: SqlDb["dialect"], id: string, actor: KeyActor): Promise<ApiKeyInfo> {
  const lock = dialect === "postgresql" ? " FOR UPDATE OF k" : "";
  const rows = await q.all<Record<string, unknown>>(
    `SELECT ${INFO_COLS} FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId" WHERE k."id"=?${lock}`,
    [id],
  );
  const key = rows[0] ? toInfo(rows[0]) : null;
  // Someone else's key is "not found" for a non-admin: its existence is not theirs to learn.
  if (!key || (!actor.isAdmin && key.owner.id !== actor.id)) throw notFound("API key");
  if (key.revokedAt !== null) throw new DomainError("api_key_revoked", "This API key is already revoked.");
  return key;
}

/** Revokes a key at once (the next request with it gets 401). Audited in the same transaction. */
export async function revokeApiKey(db: SqlDb, id: string, actor: KeyActor): Promise<ApiKeyInfo> {
  await db.tx(async (q) => {
    const key = await lockedKey(q, db.dialect, id, actor);
    const nowMs = Date.now();
    await q.run(`UPDATE "ApiKey" SET "revokedAt"=? WHERE "id"=? AND "revokedAt" IS NULL`, [sqlTimestamp(db.dialect, nowMs), id]);
    await appendAudit(q, db.dialect, {
      atMs: nowMs,
      actorId: actor.id,
      actorType: "user",
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: id,
      data: auditData(key, key.owner.id),
    });
  });
  return (await getApiKey(db, id))!;
}

/**
 * Rotation: a new key (new secret, same name, role, expiry and scope, same owner) replaces the old
 * one, which is revoked in the same transaction; one audit record names both.
 */
export async function rotateApiKey(
  db: SqlDb,
  id: string,
  secret: { prefix: string; hash: string },
  actor: KeyActor,
  /** The owner's current role must still allow the key's role (checked by the caller's rule). */
  allowRole: (ownerRole: string, keyRole: string) => boolean,
): Promise<ApiKeyInfo> {
  const newId = await db.tx(async (q) => {
    const old = await lockedKey(q, db.dialect, id, actor);
    const owner = await q.all<{ role: string; disabled: unknown }>(`SELECT "role","disabled" FROM "User" WHERE "id"=?`, [old.owner.id]);
    if (!owner[0] || Boolean(owner[0].disabled) || !allowRole(String(owner[0].role), old.role)) {
      throw new DomainError("api_key_role_too_high", "The key's owner may no longer hold a key with this role; create a new key instead.");
    }
    if (old.expiresAt !== null && Date.parse(old.expiresAt) <= Date.now()) {
      throw new DomainError("api_key_expired", "This API key has expired; create a new key instead.");
    }
    const nowMs = Date.now();
    await q.run(`UPDATE "ApiKey" SET "revokedAt"=? WHERE "id"=?`, [sqlTimestamp(db.dialect, nowMs), id]);
    const keyId = await insertKey(
      q,
      db.dialect,
      old.owner.id,
      {
        name: old.name,
        prefix: secret.prefix,
        hash: secret.hash,
        role: old.role,
        expiresAtMs: old.expiresAt === null ? null : Date.parse(old.expiresAt),
        workflowIds: old.workflowIds,
      },
      { nowMs, createdById: actor.id, rotatedFromId: id },
    );
    await appendAudit(q, db.dialect, {
      atMs: nowMs,
      actorId: actor.id,
      actorType: "user",
      action: "api_key.rotated",
      targetType: "api_key",
      targetId: keyId,
      data: { ...auditData({ ...old, prefix: secret.prefix }, old.owner.id), replacedKeyId: id, replacedPrefix: old.prefix },
    });
    return keyId;
  });
  return (await getApiKey(db, newId))!;
}
