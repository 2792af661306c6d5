// Memory reads and writes used by the agent loop, on the raw SQL port so they can join a sub-step's
// transaction (a turn or a fact is written exactly once, together with the sub-step that made it).
// Expired entries (Workflow.settings.memoryRetentionDays) are never loaded and are purged on write.
import { randomUUID } from "node:crypto";
import type { SqlQuery } from "@/lib/db/sql";
import {
  factContentSchema,
  memorySettingsSchema,
  turnContentSchema,
  type MemoryContext,
  type MemoryFact,
} from "@/lib/memory/memory-schemas";
import { parseJsonColumn } from "@/lib/db/row-codec";

const DAY_MS = 86_400_000;
const MAX_FACTS = 100;

export async function retentionDays(q: SqlQuery, workflowId: string): Promise<number | null> {
  const rows = await q.all<{ settings: string }>(`SELECT "settings" FROM "Workflow" WHERE "id"=?`, [workflowId]);
  const parsed = memorySettingsSchema.safeParse(parseJsonColumn(rows[0]?.settings, {}));
  return parsed.success ? (parsed.data.memoryRetentionDays ?? null) : null;
}

export function expiryFor(days: number | null, createdAtMs: number): number | null {
  return days === null ? null : createdAtMs + days * DAY_MS;
}

export async function loadMemory(q: SqlQuery, workflowId: string, subjectKey: string, turns: number, now: number): Promise<MemoryContext> {
  const live = `"workflowId"=? AND "subjectKey"=? AND ("expiresAtMs" IS NULL OR "expiresAtMs" > ?)`;
  const factRows = await q.all<{ key: string | null; content: string; createdAtMs: number }>(
    `SELECT "key","content","createdAtMs" FROM "MemoryEntry" WHERE ${live} AND "kind"='fact' ORDER BY "key" LIMIT ${MAX_FACTS}`,
    [workflowId, subjectKey, now],
  );
  const turnRows = turns
    ? await q.all<{ content: string; createdAtMs: number }>(
        `SELECT "content","createdAtMs" FROM "MemoryEntry" WHERE ${live} AND "kind"='turn' ORDER BY "createdAtMs" DESC LIMIT ?`,
        [workflowId, subjectKey, now, turns],
      )
    : [];
  const facts: MemoryFact[] = factRows.flatMap((r) => {
    const c = factContentSchema.safeParse(parseJsonColumn(r.content, null));
    return c.success && r.key ? [{ key: r.key, value: c.data.value, atMs: Number(r.createdAtMs) }] : [];
  });
  const loadedTurns = turnRows.reverse().flatMap((r) => {
    const c = turnContentSchema.safeParse(parseJsonColumn(r.content, null));
    return c.success ? [{ ...c.data, atMs: Number(r.createdAtMs) }] : [];
  });
  return { turns: loadedTurns, facts };
}

interface Where {
  workflowId: string;
  subjectKey: string;
  runId: string | null;
  now: number;
  retentionDays: number | null;
}

async function purgeExpired(q: SqlQuery, workflowId: string, now: number): Promise<void> {
  await q.run(`DELETE FROM "MemoryEntry" WHERE "workflowId"=? AND "expiresAtMs" IS NOT NULL AND "expiresAtMs" <= ?`, [workflowId, now]);
}

export async function saveTurn(q: SqlQuery, w: Where, turn: { user: string; assistant: string }): Promise<void> {
  await purgeExpired(q, w.workflowId, w.now);
  await q.run(
    `INSERT INTO "MemoryEntry" ("id","workflowId","subjectKey","kind","key","content","runId","createdAtMs","expiresAtMs") VALUES (?,?,?,'turn',NULL,?,?,?,?)`,
    [randomUUID(), w.workflowId, w.subjectKey, JSON.stringify(turn), w.runId, w.now, expiryFor(w.retentionDays, w.now)],
  );
}

/** One fact per key: a new value replaces the old one. */
export async function upsertFact(q: SqlQuery, w: Where, key: string, value: string): Promise<void> {
  await purgeExpired(q, w.workflowId, w.now);
  await q.run(`DELETE FROM "MemoryEntry" WHERE "workflowId"=? AND "subjectKey"=? AND "kind"='fact' AND "key"=?`, [
    w.workflowId,
    w.subjectKey,
    key,
  ]);
  await q.run(
    `INSERT INTO "MemoryEntry" ("id","workflowId","subjectKey","kind","key","content","runId","createdAtMs","expiresAtMs") VALUES (?,?,?,'fact',?,?,?,?,?)`,
    [randomUUID(), w.workflowId, w.subjectKey, key, JSON.stringify({ value }), w.runId, w.now, expiryFor(w.retentionDays, w.now)],
  );
}
