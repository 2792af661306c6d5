// Writes shared by the inbox's own task mutations (reassign, comment, escalate), always inside the
// caller's transaction: the database time, a run event (for live views), the audit record (who,
// when, what they were shown: payload hash and workflow version), and the assignee swap.
import { randomUUID } from "node:crypto";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { appendAudit } from "@/lib/db/audit-store";
import { hashJson } from "@/lib/security/hash";
import type { TaskRow } from "./task-row";

const PG_NOW = `(extract(epoch from clock_timestamp()) * 1000)::float8`;

/** The database clock inside a transaction (SQLite: the process clock is the database clock). */
export async function txNow(dialect: SqlDb["dialect"], q: SqlQuery): Promise<number> {
  if (dialect === "sqlite") return Date.now();
  const r = await q.all<{ now: number }>(`SELECT ${PG_NOW} AS "now"`);
  return Number(r[0].now);
}

export async function appendRunEvent(q: SqlQuery, task: TaskRow, type: string, data: Record<string, unknown>, atMs: number): Promise<void> {
  await q.run(`INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,?,?,?)`, [
    task.runId,
    type,
    task.stepKey,
    JSON.stringify({ taskId: task.id, ...data }),
    atMs,
  ]);
}

export async function auditTask(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  a: { action: string; actorId: string | null; task: TaskRow; atMs: number; data: Record<string, unknown> },
): Promise<void> {
  const v = await q.all<{ version: number }>(`SELECT "version" FROM "WorkflowVersion" WHERE "id"=?`, [a.task.versionId]);
  await appendAudit(q, dialect, {
    atMs: a.atMs,
    actorId: a.actorId,
    actorType: a.actorId ? "user" : "system",
    action: a.action,
    targetType: "task",
    targetId: a.task.id,
    data: {
      runId: a.task.runId,
      stepKey: a.task.stepKey,
      workflowId: a.task.workflowId,
      versionId: a.task.versionId,
      version: v[0] ? Number(v[0].version) : null,
      payloadHash: hashJson(a.task.payload),
      taskVersion: a.task.version,
      ...a.data,
    },
  });
}

/** Replace every assignee of an open task; bumps the task version (open views must reload). */
export async function replaceAssignees(
  q: SqlQuery,
  task: TaskRow,
  to: { type: "user" | "role"; value: string },
  extra: { escalationLevel?: number; dueAtMs?: number } = {},
): Promise<boolean> {
  const sets = [`"version"="version"+1`];
  const params: (string | number)[] = [];
  if (extra.escalationLevel !== undefined) {
    sets.push(`"escalationLevel"=?`);
    params.push(extra.escalationLevel);
  }
  if (extra.dueAtMs !== undefined) {
    sets.push(`"dueAtMs"=?`);
    params.push(extra.dueAtMs);
  }
  const n = await q.run(`UPDATE "Task" SET ${sets.join(",")} WHERE "id"=? AND "version"=? AND "status"='open'`, [
    ...params,
    task.id,
    task.version,
  ]);
  if (n === 0) return false;
  await q.run(`DELETE FROM "TaskAssignee" WHERE "taskId"=?`, [task.id]);
  await q.run(`INSERT INTO "TaskAssignee" ("id","taskId","type","value","status") VALUES (?,?,?,?,'open')`, [
    randomUUID(),
    task.id,
    to.type,
    to.value,
  ]);
  return true;
}

export async function insertTaskComment(
  q: SqlQuery,
  c: { taskId: string; userId: string | null; kind: "comment" | "reassign" | "escalation"; body: string; atMs: number },
): Promise<string> {
  const id = randomUUID();
  await q.run(`INSERT INTO "TaskComment" ("id","taskId","userId","kind","body","atMs") VALUES (?,?,?,?,?,?)`, [
    id,
    c.taskId,
    c.userId ?? "",
    c.kind,
    c.body,
    c.atMs,
  ]);
  return id;
}
