// The inbox's reads and writes of one Task row and its assignees, comments and run events, always
// with the caller's transaction handle (q) so a mutation and its record commit together. JSON
// columns decode with the row codec (corrupt text reads as null).
import "server-only";
import { randomUUID } from "node:crypto";
import type { TaskRecord } from "@/lib/engine/ports";
import { num } from "./row-codec";
import { rowToTask } from "./task-rows";
import type { Row, SqlQuery } from "./sql";

/** The engine's task record plus the confidence column the inbox filters on. */
export interface TaskRow extends TaskRecord {
  confidence: number | null;
  claimedBy: string | null;
  claimedAtMs: number | null;
}

function toTaskRow(r: Row, assignees: Row[]): TaskRow {
  const task = rowToTask(r, assignees);
  return { ...task, claimedBy: task.claimedBy ?? null, confidence: num(r.confidence), claimedAtMs: num(r.claimedAtMs) };
}

/** The task, or null. Pass `forUpdate` inside a PostgreSQL transaction to lock the row. */
export async function findTask(q: SqlQuery, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow | null> {
  const rows = await q.all(`SELECT * FROM "Task" WHERE "id"=?${opts.forUpdate ? " FOR UPDATE" : ""}`, [taskId]);
  if (!rows[0]) return null;
  const assignees = await q.all(`SELECT "type","value" FROM "TaskAssignee" WHERE "taskId"=? ORDER BY "type" DESC, "value"`, [taskId]);
  return toTaskRow(rows[0], assignees);
}

/** A run event about the task (for live views); `data` is stored with the task id. */
export async function appendTaskRunEvent(
  q: SqlQuery,
  task: Pick<TaskRow, "id" | "runId" | "stepKey">,
  type: string,
  data: Record<string, unknown>,
  atMs: number,
): Promise<void> {
  await q.run(`INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,?,?,?)`, [
    task.runId,
    type,
    task.stepKey,
    JSON.stringify({ taskId: task.id, ...data }),
    atMs,
  ]);
}

/**
 * Replace every assignee of an open task if it is still at `task.version`; bumps the version (open
 * views must reload). False when the task changed or closed meanwhile (nothing is written).
 */
export async function replaceAssignees(
  q: SqlQuery,
  task: Pick<TaskRow, "id" | "version">,
  to: { type: "user" | "role"; value: string },
  extra: { escalationLevel?: number; dueAtMs?: number } = {},
): Promise<boolean> {
  // A new assignee starts unclaimed: the previous claimer is no longer the one to decide.
  const sets = [`"version"="version"+1`, `"claimedBy"=NULL`, `"claimedAtMs"=NULL`];
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

/** A comment, reassignment note or escalation note; a system note (no user) stores "" as its author. */
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

/** The version number of a workflow version (what a reviewer was shown), or null when it is gone. */
export async function workflowVersionNumber(q: SqlQuery, versionId: string): Promise<number | null> {
  const v = await q.all<{ version: number }>(`SELECT "version" FROM "WorkflowVersion" WHERE "id"=?`, [versionId]);
  return v[0] ? Number(v[0].version) : null;
}

/** The workflow's name, or null when it was deleted. */
export async function workflowName(q: SqlQuery, workflowId: string): Promise<string | null> {
  const wf = await q.all<{ name: string }>(`SELECT "name" FROM "Workflow" WHERE "id"=?`, [workflowId]);
  return wf[0] ? String(wf[0].name) : null;
}

/**
 * Set (or clear, with null) who has claimed an open task, if it is still at `task.version`; bumps the
 * version so a reviewer looking at the old state gets a clear conflict. False when it changed or closed.
 */
export async function setTaskClaim(
  q: SqlQuery,
  task: Pick<TaskRow, "id" | "version">,
  claimedBy: string | null,
  atMs: number,
): Promise<boolean> {
  const n = await q.run(
    `UPDATE "Task" SET "claimedBy"=?, "claimedAtMs"=?, "version"="version"+1 WHERE "id"=? AND "version"=? AND "status"='open'`,
    [claimedBy, claimedBy === null ? null : atMs, task.id, task.version],
  );
  return n > 0;
}

/** Who has already decided the task (one decision per reviewer). */
export async function listDecidedBy(q: SqlQuery, taskId: string): Promise<string[]> {
  const rows = await q.all<{ userId: string }>(`SELECT "userId" FROM "Decision" WHERE "taskId"=?`, [taskId]);
  return rows.map((r) => String(r.userId));
}
