// The scans the inbox sweep makes over open tasks (lib/inbox/inbox-sweep.ts): tasks due for
// escalation, tasks that went overdue in a window, and tasks created after a cursor. Each walks
// one of Task's (status, dueAtMs) / (status, createdAtMs) indexes and stops at its limit.
import "server-only";
import { parseJsonColumn } from "./row-codec";
import type { SqlQuery } from "./sql";

export interface DueTask {
  id: string;
  /** The stored escalation chain, JSON decoded (null when corrupt); lib/inbox parses its shape. */
  escalation: unknown;
  escalationLevel: number;
}

function toDueTask(r: { id: unknown; escalation: unknown; escalationLevel: unknown }): DueTask {
  return { id: String(r.id), escalation: parseJsonColumn(r.escalation, null), escalationLevel: Number(r.escalationLevel) };
}

/** Open tasks with an escalation chain whose due time is at or before `now`, most overdue first. */
export async function tasksDueWithChain(q: SqlQuery, now: number, limit: number): Promise<DueTask[]> {
  const rows = await q.all<{ id: string; escalation: string; escalationLevel: number }>(
    `SELECT "id","escalation","escalationLevel" FROM "Task" WHERE "status"='open' AND "dueAtMs" <= ? AND "escalation" <> '[]'
     ORDER BY "dueAtMs" LIMIT ${Math.trunc(limit)}`,
    [now],
  );
  return rows.map(toDueTask);
}

/** Open tasks whose due time is in (fromMs, toMs], earliest first. */
export async function tasksDueBetween(q: SqlQuery, fromMs: number, toMs: number, limit: number): Promise<DueTask[]> {
  const rows = await q.all<{ id: string; escalation: string; escalationLevel: number }>(
    `SELECT "id","escalation","escalationLevel" FROM "Task" WHERE "status"='open' AND "dueAtMs" > ? AND "dueAtMs" <= ? ORDER BY "dueAtMs" LIMIT ${Math.trunc(limit)}`,
    [fromMs, toMs],
  );
  return rows.map(toDueTask);
}

/** Open tasks created after `afterMs`, oldest first. */
export async function openTasksCreatedAfter(q: SqlQuery, afterMs: number, limit: number): Promise<{ id: string; createdAtMs: number }[]> {
  const rows = await q.all<{ id: string; createdAtMs: number }>(
    `SELECT "id","createdAtMs" FROM "Task" WHERE "status"='open' AND "createdAtMs" > ? ORDER BY "createdAtMs" LIMIT ${Math.trunc(limit)}`,
    [afterMs],
  );
  return rows.map((r) => ({ id: String(r.id), createdAtMs: Number(r.createdAtMs) }));
}
