// Memory as the agent loop uses it: load a subject's facts and recent turns, save a turn, upsert a
// fact. Writes take the caller's query handle so they join a sub-step's transaction (lib/db/memory-store.ts).
// Expired entries (Workflow.settings.memoryRetentionDays) are never loaded and are purged on write.
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import {
  deleteFact,
  insertMemoryEntry,
  lockFactKey,
  purgeExpiredMemory,
  selectLiveFacts,
  selectRecentTurns,
  selectWorkflowSettings,
} from "@/lib/db/memory-store";
import {
  factContentSchema,
  memorySettingsSchema,
  turnContentSchema,
  type MemoryContext,
  type MemoryFact,
} from "@/lib/memory/memory-schemas";

const DAY_MS = 86_400_000;

export async function retentionDays(q: SqlQuery, workflowId: string): Promise<number | null> {
  const parsed = memorySettingsSchema.safeParse(await selectWorkflowSettings(q, workflowId));
  return parsed.success ? (parsed.data.memoryRetentionDays ?? null) : null;
}

export function expiryFor(days: number | null, createdAtMs: number): number | null {
  return days === null ? null : createdAtMs + days * DAY_MS;
}

export async function loadMemory(q: SqlQuery, workflowId: string, subjectKey: string, turns: number, now: number): Promise<MemoryContext> {
  const factRows = await selectLiveFacts(q, workflowId, subjectKey, now);
  const turnRows = turns ? await selectRecentTurns(q, workflowId, subjectKey, now, turns) : [];
  const facts: MemoryFact[] = factRows.flatMap((r) => {
    const c = factContentSchema.safeParse(r.content);
    return c.success && r.key ? [{ key: r.key, value: c.data.value, atMs: r.createdAtMs }] : [];
  });
  const loadedTurns = turnRows.flatMap((r) => {
    const c = turnContentSchema.safeParse(r.content);
    return c.success ? [{ ...c.data, atMs: r.createdAtMs }] : [];
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

export async function saveTurn(q: SqlQuery, w: Where, turn: { user: string; assistant: string }): Promise<void> {
  await purgeExpiredMemory(q, w.workflowId, w.now);
  await insertMemoryEntry(q, { ...entry(w), kind: "turn", key: null, content: turn });
}

/** One fact per key: a new value replaces the old one (also when two runs write the key at once). */
export async function upsertFact(q: SqlQuery, dialect: SqlDb["dialect"], w: Where, key: string, value: string): Promise<void> {
  await lockFactKey(q, dialect, w.workflowId, w.subjectKey, key);
  await purgeExpiredMemory(q, w.workflowId, w.now);
  await deleteFact(q, w.workflowId, w.subjectKey, key);
  await insertMemoryEntry(q, { ...entry(w), kind: "fact", key, content: { value } });
}

function entry(w: Where) {
  return {
    workflowId: w.workflowId,
    subjectKey: w.subjectKey,
    runId: w.runId,
    createdAtMs: w.now,
    expiresAtMs: expiryFor(w.retentionDays, w.now),
  };
}
