// MemoryEntry rows as the agent loop uses them, on the raw SQL port so they can join a sub-step's
// transaction (a turn or a fact is written exactly once, together with the sub-step that made it).
// Content is returned as parsed JSON; lib/memory checks it against its schemas.
import "server-only";
import { randomUUID } from "node:crypto";
import { parseJsonColumn } from "@/lib/db/row-codec";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";

const MAX_FACTS = 100;
const LIVE = `"workflowId"=? AND "subjectKey"=? AND ("expiresAtMs" IS NULL OR "expiresAtMs" > ?)`;

/** The workflow's settings JSON ({} when missing or unreadable). */
export async function selectWorkflowSettings(q: SqlQuery, workflowId: string): Promise<unknown> {
  const rows = await q.all<{ settings: string }>(`SELECT "settings" FROM "Workflow" WHERE "id"=?`, [workflowId]);
  return parseJsonColumn(rows[0]?.settings, {});
}

export interface StoredMemory {
  key: string | null;
  content: unknown;
  createdAtMs: number;
}

/** Unexpired facts of a subject, by key (at most 100). */
export async function selectLiveFacts(q: SqlQuery, workflowId: string, subjectKey: string, now: number): Promise<StoredMemory[]> {
  const rows = await q.all<{ key: string | null; content: string; createdAtMs: number }>(
    `SELECT "key","content","createdAtMs" FROM "MemoryEntry" WHERE ${LIVE} AND "kind"='fact' ORDER BY "key" LIMIT ${MAX_FACTS}`,
    [workflowId, subjectKey, now],
  );
  return rows.map((r) => ({ key: r.key, content: parseJsonColumn(r.content, null), createdAtMs: Number(r.createdAtMs) }));
}

/** The `limit` latest unexpired turns of a subject, oldest first. */
export async function selectRecentTurns(
  q: SqlQuery,
  workflowId: string,
  subjectKey: string,
  now: number,
  limit: number,
): Promise<StoredMemory[]> {
  const rows = await q.all<{ content: string; createdAtMs: number }>(
    `SELECT "content","createdAtMs" FROM "MemoryEntry" WHERE ${LIVE} AND "kind"='turn' ORDER BY "createdAtMs" DESC LIMIT ?`,
    [workflowId, subjectKey, now, limit],
  );
  return rows.reverse().map((r) => ({ key: null, content: parseJsonColumn(r.content, null), createdAtMs: Number(r.createdAtMs) }));
}

export async function purgeExpiredMemory(q: SqlQuery, workflowId: string, now: number): Promise<void> {
  await q.run(`DELETE FROM "MemoryEntry" WHERE "workflowId"=? AND "expiresAtMs" IS NOT NULL AND "expiresAtMs" <= ?`, [workflowId, now]);
}

export interface NewMemoryEntry {
  workflowId: string;
  subjectKey: string;
  kind: "turn" | "fact";
  key: string | null;
  content: unknown;
  runId: string | null;
  createdAtMs: number;
  expiresAtMs: number | null;
}

export async function insertMemoryEntry(q: SqlQuery, e: NewMemoryEntry): Promise<void> {
  await q.run(
    `INSERT INTO "MemoryEntry" ("id","workflowId","subjectKey","kind","key","content","runId","createdAtMs","expiresAtMs") VALUES (?,?,?,?,?,?,?,?,?)`,
    [randomUUID(), e.workflowId, e.subjectKey, e.kind, e.key, JSON.stringify(e.content), e.runId, e.createdAtMs, e.expiresAtMs],
  );
}

/**
 * Serialises writers of one fact key for the rest of the transaction, so "one fact per key" holds
 * when two runs remember the same key at once: on PostgreSQL a transaction-scoped advisory lock on
 * the key (READ COMMITTED would let both delete nothing and both insert); on SQLite the transaction
 * already holds the write lock.
 */
export async function lockFactKey(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  workflowId: string,
  subjectKey: string,
  key: string,
): Promise<void> {
  if (dialect === "postgresql") {
    await q.all(`SELECT pg_advisory_xact_lock(hashtext(?)) AS "locked"`, [JSON.stringify(["memory-fact", workflowId, subjectKey, key])]);
  }
}

export async function deleteFact(q: SqlQuery, workflowId: string, subjectKey: string, key: string): Promise<void> {
  await q.run(`DELETE FROM "MemoryEntry" WHERE "workflowId"=? AND "subjectKey"=? AND "kind"='fact' AND "key"=?`, [
    workflowId,
    subjectKey,
    key,
  ]);
}
