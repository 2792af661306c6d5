// Memory as people see it (Memory page and /api/v1/memory): workflows with memory, subjects per
// workflow, entries per subject; edit or delete an entry, erase a subject, set the retention.
// Every change is audited in the same transaction (erasure records how many entries went, never
// their content). The SQL lives in lib/db/memory-admin-store.ts.
import { appendAudit } from "@/lib/db/audit-store";
import {
  deleteMemoryEntry,
  deleteMemorySubject,
  lockWorkflowRow,
  selectMemoryEntry,
  selectMemorySubjects,
  selectMemoryWorkflow,
  selectSubjectEntries,
  selectWorkflowsWithMemory,
  setMemoryExpiry,
  updateMemoryContent,
  updateWorkflowSettings,
  type MemoryEntryRow,
} from "@/lib/db/memory-admin-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import {
  factContentSchema,
  memorySettingsSchema,
  turnContentSchema,
  type EntryPatch,
  type MemoryEntryView,
  type MemorySubjectView,
  type MemoryWorkflowView,
} from "@/lib/memory/memory-schemas";
import { expiryFor } from "@/lib/memory/agent-memory";
import { subjectHash } from "@/lib/governance/subject-hash";

/** The audit target of a memory subject: its keyed hash, never the clear key (the chain cannot be erased). */
function subjectTarget(workflowId: string, subjectKey: string): { targetId: string; subjectHash: string } {
  const hash = subjectHash(subjectKey) ?? "";
  return { targetId: `${workflowId}:${hash}`, subjectHash: hash };
}

async function workflowRow(q: SqlQuery, workflowId: string): Promise<{ name: string; settings: unknown }> {
  const wf = await selectMemoryWorkflow(q, workflowId);
  if (!wf) throw notFound("Workflow");
  return wf;
}

function retentionOf(settings: unknown): number | null {
  const s = memorySettingsSchema.safeParse(settings);
  return s.success ? (s.data.memoryRetentionDays ?? null) : null;
}

export async function listMemoryWorkflows(db: SqlDb, now = Date.now()): Promise<MemoryWorkflowView[]> {
  return (await selectWorkflowsWithMemory(db, now)).map((r) => ({
    workflowId: r.workflowId,
    name: r.name,
    subjects: r.subjects,
    entries: r.entries,
    retentionDays: retentionOf(r.settings),
  }));
}

export async function getMemoryWorkflow(
  db: SqlDb,
  workflowId: string,
  now = Date.now(),
): Promise<{ workflow: { id: string; name: string; retentionDays: number | null }; subjects: MemorySubjectView[] }> {
  const wf = await workflowRow(db, workflowId);
  return {
    workflow: { id: workflowId, name: wf.name, retentionDays: retentionOf(wf.settings) },
    subjects: await selectMemorySubjects(db, workflowId, now),
  };
}

function toView(r: MemoryEntryRow): MemoryEntryView | null {
  const base = { id: r.id, key: r.key, runId: r.runId, createdAtMs: r.createdAtMs, expiresAtMs: r.expiresAtMs };
  if (r.kind === "turn") {
    const c = turnContentSchema.safeParse(r.content);
    return c.success ? { ...base, kind: "turn", content: c.data } : null;
  }
  const c = factContentSchema.safeParse(r.content);
  return c.success ? { ...base, kind: "fact", content: c.data } : null;
}

export async function listEntries(db: SqlDb, workflowId: string, subjectKey: string, now = Date.now()): Promise<MemoryEntryView[]> {
  await workflowRow(db, workflowId);
  return (await selectSubjectEntries(db, workflowId, subjectKey, now)).flatMap((r) => {
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
  const content = patch.kind === "fact" ? { value: patch.value } : { user: patch.user, assistant: patch.assistant };
  return db.tx(async (q) => {
    const entry = await selectMemoryEntry(q, workflowId, entryId);
    if (!entry) throw notFound("Memory entry");
    if (entry.kind !== patch.kind) throw new DomainError("kind_mismatch", `This entry is a ${entry.kind}, not a ${patch.kind}.`);
    await updateMemoryContent(q, entryId, content);
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "memory.edited",
      targetType: "memory_subject",
      targetId: subjectTarget(workflowId, entry.subjectKey).targetId,
      data: { workflowId, subjectHash: subjectTarget(workflowId, entry.subjectKey).subjectHash, entryId, kind: patch.kind },
    });
    // Read back in the transaction: a concurrent delete cannot turn the answer into a 500.
    return toView({ ...entry, content })!;
  });
}

export async function deleteEntry(db: SqlDb, workflowId: string, entryId: string, actorId: string): Promise<void> {
  await db.tx(async (q) => {
    const deleted = await deleteMemoryEntry(q, workflowId, entryId);
    if (!deleted) throw notFound("Memory entry");
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "memory.entry_deleted",
      targetType: "memory_subject",
      targetId: subjectTarget(workflowId, deleted.subjectKey).targetId,
      data: { workflowId, subjectHash: subjectTarget(workflowId, deleted.subjectKey).subjectHash, entryId, kind: deleted.kind },
    });
  });
}

/** Erase everything remembered about a subject (right to erasure); audited with the count. */
export async function eraseSubject(db: SqlDb, workflowId: string, subjectKey: string, actorId: string): Promise<{ erased: number }> {
  return db.tx(async (q) => {
    const n = await deleteMemorySubject(q, workflowId, subjectKey);
    if (n === 0) throw notFound("Memory subject");
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "memory.erased",
      targetType: "memory_subject",
      targetId: subjectTarget(workflowId, subjectKey).targetId,
      data: { workflowId, subjectHash: subjectTarget(workflowId, subjectKey).subjectHash, entries: n },
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
    await lockWorkflowRow(q, workflowId);
    const wf = await workflowRow(q, workflowId);
    const settings = { ...(wf.settings as Record<string, unknown>), memoryRetentionDays: days };
    await updateWorkflowSettings(q, workflowId, settings);
    await setMemoryExpiry(q, workflowId, expiryFor(days, 0), Date.now());
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
