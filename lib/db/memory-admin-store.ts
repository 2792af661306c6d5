// MemoryEntry and the workflow's memory settings as the Memory page and /api/v1/memory see them:
// workflows with memory, subjects per workflow, entries per subject, and the writes behind editing,
// deleting, erasing and retention. Writers take the caller's transaction so lib/memory can audit in it.
import "server-only";
import { parseJsonColumn } from "@/lib/db/row-codec";
import type { SqlQuery } from "@/lib/db/sql";

const LIVE = `("expiresAtMs" IS NULL OR "expiresAtMs" > ?)`;
const ENTRY_COLS = `"id","kind","key","content","runId","createdAtMs","expiresAtMs"`;

/** A workflow that is not deleted: its name and settings JSON, or null. */
export async function selectMemoryWorkflow(q: SqlQuery, workflowId: string): Promise<{ name: string; settings: unknown } | null> {
  const rows = await q.all<{ name: string; settings: string }>(
    `SELECT "name","settings" FROM "Workflow" WHERE "id"=? AND "deletedAt" IS NULL`,
    [workflowId],
  );
  return rows[0] ? { name: String(rows[0].name), settings: parseJsonColumn(rows[0].settings, {}) } : null;
}

/**
 * Row-locks the workflow for the rest of the transaction (a no-op write), so a read-modify-write of
 * its settings cannot lose a concurrent writer's change on PostgreSQL. On SQLite the transaction
 * already holds the write lock.
 */
export async function lockWorkflowRow(q: SqlQuery, workflowId: string): Promise<void> {
  await q.run(`UPDATE "Workflow" SET "settings"="settings" WHERE "id"=?`, [workflowId]);
}

export interface MemoryWorkflowRow {
  workflowId: string;
  name: string;
  settings: unknown;
  subjects: number;
  entries: number;
}

export async function selectWorkflowsWithMemory(q: SqlQuery, now: number): Promise<MemoryWorkflowRow[]> {
  const rows = await q.all<{ workflowId: string; name: string; settings: string; subjects: number; entries: number }>(
    `SELECT m."workflowId" AS "workflowId", w."name" AS "name", w."settings" AS "settings",
            COUNT(DISTINCT m."subjectKey") AS "subjects", COUNT(*) AS "entries"
     FROM "MemoryEntry" m JOIN "Workflow" w ON w."id" = m."workflowId"
     WHERE (m."expiresAtMs" IS NULL OR m."expiresAtMs" > ?)
     GROUP BY m."workflowId", w."name", w."settings" ORDER BY w."name"`,
    [now],
  );
  return rows.map((r) => ({
    workflowId: String(r.workflowId),
    name: String(r.name),
    settings: parseJsonColumn(r.settings, {}),
    subjects: Number(r.subjects),
    entries: Number(r.entries),
  }));
}

export interface MemorySubjectRow {
  subjectKey: string;
  turns: number;
  facts: number;
  lastAtMs: number;
}

/** Subjects of a workflow with live entries, most recently active first (at most 500). */
export async function selectMemorySubjects(q: SqlQuery, workflowId: string, now: number): Promise<MemorySubjectRow[]> {
  const rows = await q.all<{ subjectKey: string; turns: number; facts: number; lastAtMs: number }>(
    `SELECT "subjectKey",
            SUM(CASE WHEN "kind"='turn' THEN 1 ELSE 0 END) AS "turns",
            SUM(CASE WHEN "kind"='fact' THEN 1 ELSE 0 END) AS "facts",
            MAX("createdAtMs") AS "lastAtMs"
     FROM "MemoryEntry" WHERE "workflowId"=? AND ${LIVE}
     GROUP BY "subjectKey" ORDER BY MAX("createdAtMs") DESC LIMIT 500`,
    [workflowId, now],
  );
  return rows.map((r) => ({
    subjectKey: String(r.subjectKey),
    turns: Number(r.turns),
    facts: Number(r.facts),
    lastAtMs: Number(r.lastAtMs),
  }));
}

export interface MemoryEntryRow {
  id: string;
  kind: string;
  key: string | null;
  /** Parsed JSON (null when unreadable). */
  content: unknown;
  runId: string | null;
  createdAtMs: number;
  expiresAtMs: number | null;
}

function toEntry(r: Record<string, unknown>): MemoryEntryRow {
  return {
    id: String(r.id),
    kind: String(r.kind),
    key: (r.key as string | null) ?? null,
    content: parseJsonColumn(r.content, null),
    runId: (r.runId as string | null) ?? null,
    createdAtMs: Number(r.createdAtMs),
    expiresAtMs: r.expiresAtMs === null || r.expiresAtMs === undefined ? null : Number(r.expiresAtMs),
  };
}

/** Live entries of one subject: by kind, newest first (at most 1,000). */
export async function selectSubjectEntries(q: SqlQuery, workflowId: string, subjectKey: string, now: number): Promise<MemoryEntryRow[]> {
  const rows = await q.all(
    `SELECT ${ENTRY_COLS} FROM "MemoryEntry"
     WHERE "workflowId"=? AND "subjectKey"=? AND ${LIVE} ORDER BY "kind", "createdAtMs" DESC LIMIT 1000`,
    [workflowId, subjectKey, now],
  );
  return rows.map(toEntry);
}

export async function selectMemoryEntry(
  q: SqlQuery,
  workflowId: string,
  entryId: string,
): Promise<(MemoryEntryRow & { subjectKey: string }) | null> {
  const rows = await q.all(`SELECT ${ENTRY_COLS},"subjectKey" FROM "MemoryEntry" WHERE "id"=? AND "workflowId"=?`, [entryId, workflowId]);
  return rows[0] ? { ...toEntry(rows[0]), subjectKey: String(rows[0].subjectKey) } : null;
}

export async function updateMemoryContent(q: SqlQuery, entryId: string, content: unknown): Promise<void> {
  await q.run(`UPDATE "MemoryEntry" SET "content"=? WHERE "id"=?`, [JSON.stringify(content), entryId]);
}

/** Deletes one entry of the workflow; what it was, or null when no row was deleted. */
export async function deleteMemoryEntry(
  q: SqlQuery,
  workflowId: string,
  entryId: string,
): Promise<{ kind: string; subjectKey: string } | null> {
  const rows = await q.all<{ kind: string; subjectKey: string }>(
    `DELETE FROM "MemoryEntry" WHERE "id"=? AND "workflowId"=? RETURNING "kind","subjectKey"`,
    [entryId, workflowId],
  );
  return rows[0] ? { kind: String(rows[0].kind), subjectKey: String(rows[0].subjectKey) } : null;
}

/** Deletes every entry of a subject; how many went. */
export async function deleteMemorySubject(q: SqlQuery, workflowId: string, subjectKey: string): Promise<number> {
  return q.run(`DELETE FROM "MemoryEntry" WHERE "workflowId"=? AND "subjectKey"=?`, [workflowId, subjectKey]);
}

export async function updateWorkflowSettings(q: SqlQuery, workflowId: string, settings: unknown): Promise<void> {
  await q.run(`UPDATE "Workflow" SET "settings"=? WHERE "id"=?`, [JSON.stringify(settings), workflowId]);
}

/**
 * Every live entry of the workflow expires `ttlMs` after its creation (null: never). Entries that
 * already expired stay expired: a longer or no retention never brings them back (the background
 * purge deletes them).
 */
export async function setMemoryExpiry(q: SqlQuery, workflowId: string, ttlMs: number | null, now: number): Promise<void> {
  const live = `"workflowId"=? AND ("expiresAtMs" IS NULL OR "expiresAtMs" > ?)`;
  if (ttlMs === null) await q.run(`UPDATE "MemoryEntry" SET "expiresAtMs"=NULL WHERE ${live}`, [workflowId, now]);
  else await q.run(`UPDATE "MemoryEntry" SET "expiresAtMs"="createdAtMs" + ? WHERE ${live}`, [ttlMs, workflowId, now]);
}

/** Deletes up to `limit` expired memory entries (any workflow); how many went. */
export async function purgeExpiredMemoryBatch(q: SqlQuery, now: number, limit: number): Promise<number> {
  return q.run(
    `DELETE FROM "MemoryEntry" WHERE "id" IN (SELECT "id" FROM "MemoryEntry" WHERE "expiresAtMs" IS NOT NULL AND "expiresAtMs" <= ? LIMIT ?)`,
    [now, limit],
  );
}
