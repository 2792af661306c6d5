// Memory as people see it (Memory page and /api/v1/memory): workflows with memory, subjects per
// workflow, entries per subject; edit or delete an entry, erase a subject, set the retention.
// Every change is audited in the same transaction (erasure records how many entries went, never
// their content).
import { ApiError, notFound } from "@/lib/api/errors";
import { appendAudit } from "@/lib/db/audit-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import {
  factContentSchema,
  memorySettingsSchema,
  turnContentSchema,
  type EntryPatch,
  type MemoryEntryView,
  type MemorySubjectView,
  type MemoryWorkflowView,
} from "@/lib/memory/memory-schemas";
import { expiryFor } from "@/lib/memory/memory-store";
import { parseJsonColumn } from "@/lib/db/row-codec";

const live = `("expiresAtMs" IS NULL OR "expiresAtMs" > ?)`;

async function workflowRow(q: SqlQuery, workflowId: string): Promise<{ name: string; settings: string }> {
  const rows = await q.all<{ name: string; settings: string }>(
    `SELECT "name","settings" FROM "Workflow" WHERE "id"=? AND "deletedAt" IS NULL`,
    [workflowId],
  );
  if (!rows[0]) throw notFound("Workflow");
  return rows[0];
}

function retentionOf(settings: unknown): number | null {
  const s = memorySettingsSchema.safeParse(parseJsonColumn(settings, {}));
  return s.success ? (s.data.memoryRetentionDays ?? null) : null;
}

export async function listMemoryWorkflows(db: SqlDb, now = Date.now()): Promise<MemoryWorkflowView[]> {
  const rows = await db.all<{ workflowId: string; name: string; settings: string; subjects: number; entries: number }>(
    `SELECT m."workflowId" AS "workflowId", w."name" AS "name", w."settings" AS "settings",
            COUNT(DISTINCT m."subjectKey") AS "subjects", COUNT(*) AS "entries"
     FROM "MemoryEntry" m JOIN "Workflow" w ON w."id" = m."workflowId"
     WHERE (m."expiresAtMs" IS NULL OR m."expiresAtMs" > ?)
     GROUP BY m."workflowId", w."name", w."settings" ORDER BY w."name"`,
    [now],
  );
  return rows.map((r) => ({
    workflowId: r.workflowId,
    name: r.name,
    subjects: Number(r.subjects),
    entries: Number(r.entries),
    retentionDays: retentionOf(r.settings),
  }));
}

export async function getMemoryWorkflow(
  db: SqlDb,
  workflowId: string,
  now = Date.now(),
): Promise<{ workflow: { id: string; name: string; retentionDays: number | null }; subjects: MemorySubjectView[] }> {
  const wf = await workflowRow(db, workflowId);
  const rows = await db.all<{ subjectKey: string; turns: number; facts: number; lastAtMs: number }>(
    `SELECT "subjectKey",
            SUM(CASE WHEN "kind"='turn' THEN 1 ELSE 0 END) AS "turns",
            SUM(CASE WHEN "kind"='fact' THEN 1 ELSE 0 END) AS "facts",
            MAX("createdAtMs") AS "lastAtMs"
     FROM "MemoryEntry" WHERE "workflowId"=? AND ${live}
     GROUP BY "subjectKey" ORDER BY MAX("createdAtMs") DESC LIMIT 500`,
    [workflowId, now],
  );
  return {
    workflow: { id: workflowId, name: wf.name, retentionDays: retentionOf(wf.settings) },
    subjects: rows.map((r) => ({ subjectKey: r.subjectKey, turns: Number(r.turns), facts: Number(r.facts), lastAtMs: Number(r.lastAtMs) })),
  };
}

function toView(r: {
  id: string;
  kind: string;
  key: string | null;
  content: string;
  runId: string | null;
  createdAtMs: number;
  expiresAtMs: number | null;
}): MemoryEntryView | null {
  const raw = parseJsonColumn(r.content, null);
  const base = {
    id: r.id,
    key: r.key,
    runId: r.runId,
    createdAtMs: Number(r.createdAtMs),
    expiresAtMs: r.expiresAtMs === null ? null : Number(r.expiresAtMs),
  };
  if (r.kind === "turn") {
    const c = turnContentSchema.safeParse(raw);
    return c.success ? { ...base, kind: "turn", content: c.data } : null;
  }
  const c = factContentSchema.safeParse(raw);
  return c.success ? { ...base, kind: "fact", content: c.data } : null;
}

export async function listEntries(db: SqlDb, workflowId: string, subjectKey: string, now = Date.now()): Promise<MemoryEntryView[]> {
  await workflowRow(db, workflowId);
  const rows = await db.all<{
    id: string;
    kind: string;
    key: string | null;
    content: string;
    runId: string | null;
    createdAtMs: number;
    expiresAtMs: number | null;
  }>(
    `SELECT "id","kind","key","content","runId","createdAtMs","expiresAtMs" FROM "MemoryEntry"
     WHERE "workflowId"=? AND "subjectKey"=? AND ${live} ORDER BY "kind", "createdAtMs" DESC LIMIT 1000`,
    [workflowId, subjectKey, now],
  );
  return rows.flatMap((r) => {
    const v = toView(r);
    return v ? [v] : [];
  });
}

export async function updateEntry(
  db: SqlDb,
  workflowId: string,
  entryId: string,
  patch: EntryPatch,
  actorId: string,
): Promise<MemoryEntryView> {
  const now = Date.now();
  await db.tx(async (q) => {
    const rows = await q.all<{ kind: string; subjectKey: string }>(
      `SELECT "kind","subjectKey" FROM "MemoryEntry" WHERE "id"=? AND "workflowId"=?`,
      [entryId, workflowId],
    );
    if (!rows[0]) throw notFound("Memory entry");
    if (rows[0].kind !== patch.kind) throw new ApiError(400, "kind_mismatch", `This entry is a ${rows[0].kind}, not a ${patch.kind}.`);
    const content = patch.kind === "fact" ? { value: patch.value } : { user: patch.user, assistant: patch.assistant };
    await q.run(`UPDATE "MemoryEntry" SET "content"=? WHERE "id"=?`, [JSON.stringify(content), entryId]);
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "memory.edited",
      targetType: "memory_subject",
      targetId: `${workflowId}:${rows[0].subjectKey}`,
      data: { workflowId, subjectKey: rows[0].subjectKey, entryId, kind: patch.kind },
    });
  });
  const rows = await db.all<{
    id: string;
    kind: string;
    key: string | null;
    content: string;
    runId: string | null;
    createdAtMs: number;
    expiresAtMs: number | null;
  }>(`SELECT "id","kind","key","content","runId","createdAtMs","expiresAtMs" FROM "MemoryEntry" WHERE "id"=?`, [entryId]);
  return toView(rows[0])!;
}

export async function deleteEntry(db: SqlDb, workflowId: string, entryId: string, actorId: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.all<{ kind: string; subjectKey: string }>(
      `SELECT "kind","subjectKey" FROM "MemoryEntry" WHERE "id"=? AND "workflowId"=?`,
      [entryId, workflowId],
    );
    if (!rows[0]) throw notFound("Memory entry");
    await q.run(`DELETE FROM "MemoryEntry" WHERE "id"=?`, [entryId]);
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "memory.entry_deleted",
      targetType: "memory_subject",
      targetId: `${workflowId}:${rows[0].subjectKey}`,
      data: { workflowId, subjectKey: rows[0].subjectKey, entryId, kind: rows[0].kind },
    });
  });
}

/** Erase everything remembered about a subject (right to erasure); audited with the count. */
export async function eraseSubject(db: SqlDb, workflowId: string, subjectKey: string, actorId: string): Promise<{ erased: number }> {
  return db.tx(async (q) => {
    const n = await q.run(`DELETE FROM "MemoryEntry" WHERE "workflowId"=? AND "subjectKey"=?`, [workflowId, subjectKey]);
    if (n === 0) throw notFound("Memory subject");
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "memory.erased",
      targetType: "memory_subject",
      targetId: `${workflowId}:${subjectKey}`,
      data: { workflowId, subjectKey, entries: n },
    });
    return { erased: n };
  });
}

/** Set the workflow's memory retention; existing entries get the new expiry from their creation time. */
export async function setRetention(
  db: SqlDb,
  workflowId: string,
  days: number | null,
  actorId: string,
): Promise<{ retentionDays: number | null }> {
  await db.tx(async (q) => {
    const wf = await workflowRow(q, workflowId);
    const settings = { ...(parseJsonColumn(wf.settings, {}) as Record<string, unknown>), memoryRetentionDays: days };
    await q.run(`UPDATE "Workflow" SET "settings"=? WHERE "id"=?`, [JSON.stringify(settings), workflowId]);
    if (days === null) await q.run(`UPDATE "MemoryEntry" SET "expiresAtMs"=NULL WHERE "workflowId"=?`, [workflowId]);
    else await q.run(`UPDATE "MemoryEntry" SET "expiresAtMs"="createdAtMs" + ? WHERE "workflowId"=?`, [expiryFor(days, 0)!, workflowId]);
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "memory.retention_set",
      targetType: "workflow",
      targetId: workflowId,
      data: { retentionDays: days },
    });
  });
  return { retentionDays: days };
}
