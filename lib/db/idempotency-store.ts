// The IdempotencyKey table: a start request's key within a scope (a user, a webhook trigger), the hash
// of its body, the run it started and the answer it got. The row is claimed inside the run's own
// transaction (claimIdempotencyKey), so either both the run and its key commit or neither does: a
// retry after a lost response finds the key and gets the first run back. Rows live 24 h; expired
// rows are ignored on read, replaced on claim, and purged lazily (at most once a minute per process).
import "server-only";
import type { IdempotentStart, RunIdempotency } from "@/lib/engine/ports";
import { jsonColumn, num } from "./row-codec";
import type { SqlQuery } from "./sql";

export type { IdempotentStart };

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
const PURGE_EVERY_MS = 60_000;
const PURGE_BATCH = 500;

export interface IdempotencyClaim extends RunIdempotency {
  runId: string;
}

function toStart(r: Record<string, unknown>): IdempotentStart {
  return { requestHash: String(r.requestHash), runId: String(r.runId), response: jsonColumn(r.response) };
}

/** The live (unexpired) start recorded for `key` in `scope`, if any. */
export async function findIdempotentStart(q: SqlQuery, scope: string, key: string, nowMs: number): Promise<IdempotentStart | null> {
  const rows = await q.all(
    `SELECT "requestHash","runId","response" FROM "IdempotencyKey" WHERE "scope"=? AND "key"=? AND "expiresAtMs">?`,
    [scope, key, nowMs],
  );
  return rows[0] ? toStart(rows[0]) : null;
}

/**
 * Inside the run's transaction: record the key, or return the live start that already holds it (then
 * the caller writes nothing). On PostgreSQL a concurrent claim of the same key waits on the primary
 * key until the first transaction ends, then sees its row; an expired row is taken over.
 */
export async function claimIdempotencyKey(q: SqlQuery, c: IdempotencyClaim, nowMs: number): Promise<IdempotentStart | null> {
  await maybePurge(q, nowMs);
  const claimed = await q.all(
    `INSERT INTO "IdempotencyKey" ("scope","key","requestHash","runId","response","createdAtMs","expiresAtMs") VALUES (?,?,?,?,?,?,?)
     ON CONFLICT ("scope","key") DO UPDATE SET "requestHash"=excluded."requestHash", "runId"=excluded."runId",
       "response"=excluded."response", "createdAtMs"=excluded."createdAtMs", "expiresAtMs"=excluded."expiresAtMs"
     WHERE "IdempotencyKey"."expiresAtMs" <= ?
     RETURNING "runId"`,
    [c.scope, c.key, c.requestHash, c.runId, JSON.stringify(c.response), nowMs, nowMs + IDEMPOTENCY_TTL_MS, nowMs],
  );
  if (claimed.length > 0) return null;
  const held = await q.all(`SELECT "requestHash","runId","response" FROM "IdempotencyKey" WHERE "scope"=? AND "key"=?`, [c.scope, c.key]);
  if (!held[0]) throw new Error(`Idempotency key ${c.scope}/${c.key} is held but unreadable`);
  return toStart(held[0]);
}

let lastPurgeMs = 0;

async function maybePurge(q: SqlQuery, nowMs: number): Promise<void> {
  if (nowMs - lastPurgeMs < PURGE_EVERY_MS) return;
  lastPurgeMs = nowMs;
  await purgeExpiredIdempotencyKeys(q, nowMs);
}

/** Delete up to `limit` expired keys; returns how many went. */
export async function purgeExpiredIdempotencyKeys(q: SqlQuery, nowMs: number, limit = PURGE_BATCH): Promise<number> {
  return q.run(
    `DELETE FROM "IdempotencyKey" WHERE ("scope","key") IN (SELECT "scope","key" FROM "IdempotencyKey" WHERE "expiresAtMs" <= ? LIMIT ?)`,
    [nowMs, limit],
  );
}

/** Number of live keys (tests, monitoring). */
export async function countIdempotencyKeys(q: SqlQuery, scope: string): Promise<number> {
  const r = await q.all(`SELECT COUNT(*) AS "n" FROM "IdempotencyKey" WHERE "scope"=?`, [scope]);
  return num(r[0]?.n) ?? 0;
}
