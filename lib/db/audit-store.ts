// Append-only audit log with a hash chain: hash = sha256(prevHash + canonicalJson(event)), where the
// event is every stored column except id and hash. Appends are serialised (SQLite: the write lock
// of BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so the chain never forks.
// `verifyChain` recomputes every hash and reports the first row that does not match.
import { canonicalJson, sha256Hex } from "@/lib/security/hash";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import type { AuditInput } from "@/lib/engine/ports";

export const GENESIS_HASH = "0".repeat(64);
/** Arbitrary constant key for pg_advisory_xact_lock (ASCII "SWYDAUDT"). */
const AUDIT_LOCK_KEY = "6004233385237824340";

export type { AuditInput };

export interface AuditRow {
  id: number;
  atMs: number;
  actorId: string | null;
  actorType: string;
  action: string;
  targetType: string;
  targetId: string;
  data: string;
  prevHash: string;
  hash: string;
}

function hashOf(prevHash: string, e: Omit<AuditRow, "id" | "hash">): string {
  const event = {
    atMs: e.atMs,
    actorId: e.actorId,
    actorType: e.actorType,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: JSON.parse(e.data) as unknown,
    prevHash: e.prevHash,
  };
  return sha256Hex(prevHash + canonicalJson(event));
}

/** Append inside the caller's transaction (so the audited change and its record commit together). */
export async function appendAudit(q: SqlQuery, dialect: SqlDb["dialect"], input: AuditInput): Promise<string> {
  if (dialect === "postgresql") await q.all(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await q.all<{ hash: string }>(`SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const row = {
    atMs: input.atMs,
    actorId: input.actorId,
    actorType: input.actorType ?? "user",
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    data: canonicalJson(input.data ?? {}),
    prevHash,
  };
  const hash = hashOf(prevHash, row);
  await q.run(
    `INSERT INTO "AuditEvent" ("atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash") VALUES (?,?,?,?,?,?,?,?,?)`,
    [row.atMs, row.actorId, row.actorType, row.action, row.targetType, row.targetId, row.data, prevHash, hash],
  );
  return hash;
}

export interface ChainVerification {
  ok: boolean;
  count: number;
  /** First row whose prevHash or hash does not match, when ok is false. */
  brokenAtId?: number;
  reason?: string;
}

export async function verifyChain(db: SqlQuery, pageSize = 1000): Promise<ChainVerification> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let count = 0;
  for (;;) {
    const rows = await db.all<AuditRow>(
      `SELECT "id","atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash" FROM "AuditEvent" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
      [afterId, pageSize],
    );
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, count, brokenAtId: r.id, reason: "prevHash does not link to the previous row" };
      let expected: string;
      try {
        expected = hashOf(r.prevHash, { ...r, atMs: Number(r.atMs) });
      } catch {
        return { ok: false, count, brokenAtId: r.id, reason: "data is not valid JSON" };
      }
      if (expected !== r.hash) return { ok: false, count, brokenAtId: r.id, reason: "hash does not match the row's content" };
      prev = r.hash;
      count++;
    }
    if (rows.length < pageSize) return { ok: true, count };
    afterId = rows[rows.length - 1].id;
  }
}
