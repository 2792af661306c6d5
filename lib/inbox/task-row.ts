// Reading one Task row (and its assignees) with the raw SQL port, JSON columns parsed on read.
import type { Row, SqlQuery } from "@/lib/db/sql";
import { ApiError } from "@/lib/api/errors";
import type { TaskRecord, TaskStatus } from "@/lib/engine/ports";

/** The engine's task record plus the confidence column the inbox filters on. */
export interface TaskRow extends TaskRecord {
  confidence: number | null;
}

export function parseJsonColumn(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toTaskRow(r: Row, assignees: Row[]): TaskRow {
  return {
    id: String(r.id),
    runId: String(r.runId),
    stepKey: String(r.stepKey),
    workflowId: String(r.workflowId),
    versionId: String(r.versionId),
    nodeId: String(r.nodeId),
    type: String(r.type),
    title: String(r.title),
    instructions: String(r.instructions ?? ""),
    payload: parseJsonColumn(r.payload),
    editableSchema: parseJsonColumn(r.editableSchema),
    context: parseJsonColumn(r.context),
    confidence: num(r.confidence),
    status: String(r.status) as TaskStatus,
    quorum: Number(r.quorum),
    rejectionPolicy: String(r.rejectionPolicy),
    separationOfDuties: Boolean(r.separationOfDuties),
    initiatorId: r.initiatorId === null || r.initiatorId === undefined ? null : String(r.initiatorId),
    dueAtMs: num(r.dueAtMs),
    escalation: parseJsonColumn(r.escalation),
    escalationLevel: Number(r.escalationLevel),
    version: Number(r.version),
    result: parseJsonColumn(r.result),
    createdAtMs: Number(r.createdAtMs),
    decidedAtMs: num(r.decidedAtMs),
    assignees: assignees.map((a) => ({ type: a.type === "user" ? "user" : "role", value: String(a.value) })),
  };
}

/** The task, or null. Pass `forUpdate` inside a PostgreSQL transaction to lock the row. */
export async function findTask(q: SqlQuery, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow | null> {
  const rows = await q.all(`SELECT * FROM "Task" WHERE "id"=?${opts.forUpdate ? " FOR UPDATE" : ""}`, [taskId]);
  if (!rows[0]) return null;
  const assignees = await q.all(`SELECT "type","value" FROM "TaskAssignee" WHERE "taskId"=? ORDER BY "type" DESC, "value"`, [taskId]);
  return toTaskRow(rows[0], assignees);
}

export async function getTaskOr404(q: SqlQuery, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow> {
  const t = await findTask(q, taskId, opts);
  if (!t) throw new ApiError(404, "not_found", `Task ${taskId} not found.`);
  return t;
}
