// The rows behind the task detail view (GET /api/v1/tasks/:id, lib/inbox/task-detail.ts):
// decisions and comments of the task, and its run's context (run, workflow version and graph,
// finished steps, parent runs of a child run, workflow names), decoded with the row codec.
import "server-only";
import { HISTORY } from "./history-archive-store";
import type { RunStatus, StepStatus } from "@/lib/model/vocabulary";
import { parseJsonColumn } from "./row-codec";
import type { SqlQuery } from "./sql";

const MAX_PARENTS = 10;
const json = (v: unknown): unknown => parseJsonColumn(v, null);

export interface TaskDecisionRow {
  id: string;
  userId: string;
  decision: "approve" | "reject";
  comment: string;
  /** Decoded JSON (the edit diff), unchecked. */
  diff: unknown;
  payloadHash: string;
  atMs: number;
  /** The assignee a delegate decided for (out of office), or null. */
  onBehalfOf: string | null;
}

export interface TaskCommentRow {
  id: string;
  /** null for notes written by the system (escalations). */
  userId: string | null;
  kind: "comment" | "reassign" | "escalation";
  body: string;
  atMs: number;
}

export async function readTaskDecisions(q: SqlQuery, taskId: string): Promise<TaskDecisionRow[]> {
  const rows = await q.all(`SELECT * FROM "Decision" WHERE "taskId"=? ORDER BY "atMs","id"`, [taskId]);
  return rows.map((d) => ({
    id: String(d.id),
    userId: String(d.userId),
    decision: d.decision === "reject" ? "reject" : "approve",
    comment: String(d.comment ?? ""),
    diff: json(d.diff),
    payloadHash: String(d.payloadHash),
    atMs: Number(d.atMs),
    onBehalfOf: d.onBehalfOf === null || d.onBehalfOf === undefined ? null : String(d.onBehalfOf),
  }));
}

/** Comments, reassignment notes and escalation notes, oldest first. */
export async function readTaskComments(q: SqlQuery, taskId: string): Promise<TaskCommentRow[]> {
  const rows = await q.all(`SELECT * FROM "TaskComment" WHERE "taskId"=? ORDER BY "atMs","id"`, [taskId]);
  return rows.map((c) => ({
    id: String(c.id),
    userId: c.userId === null || c.userId === undefined || c.userId === "" ? null : String(c.userId),
    kind: c.kind === "reassign" || c.kind === "escalation" ? c.kind : "comment",
    body: String(c.body),
    atMs: Number(c.atMs),
  }));
}

/** Who started the run (null for system runs or when the run is gone). */
export async function readRunInitiator(q: SqlQuery, runId: string): Promise<string | null> {
  const rows = await q.all<{ initiatorId: string | null }>(`SELECT "initiatorId" FROM "Run" WHERE "id"=?`, [runId]);
  return rows[0]?.initiatorId ? String(rows[0].initiatorId) : null;
}

export interface TaskRunRows {
  run: {
    status: RunStatus;
    input: unknown;
    initiatorId: string | null;
    /** As the driver returns it, in ISO text (SQLite: the stored text; PostgreSQL: the Date's ISO form). */
    createdAt: string;
  } | null;
  /** The workflow version the task belongs to, with its graph JSON decoded (unchecked). */
  version: { version: number; graph: unknown } | null;
  /** The run's succeeded and failed steps, in the order they finished. */
  steps: { stepKey: string; nodeId: string; kind: string; status: StepStatus; output: unknown }[];
  /** The parent chain of a child run, nearest first (at most 10), with the step key that started each child. */
  parents: { runId: string; workflowId: string; status: RunStatus; stepKey: string | null }[];
  /** Names of the task's workflow and of the parents' workflows (deleted ones are absent). */
  workflowNames: Map<string, string>;
}

export async function readTaskRunRows(q: SqlQuery, task: { runId: string; versionId: string; workflowId: string }): Promise<TaskRunRows> {
  const [runRows, versionRows, stepRows] = await Promise.all([
    q.all(
      `SELECT "id","status","workflowId","versionId","input","initiatorId","parentRunId","parentStepKey","createdAt" FROM "Run" WHERE "id"=?`,
      [task.runId],
    ),
    q.all<{ version: number; graph: string }>(`SELECT "version","graph" FROM "WorkflowVersion" WHERE "id"=?`, [task.versionId]),
    q.all<{ stepKey: string; nodeId: string; kind: string; status: string; output: string | null }>(
      `SELECT "stepKey","nodeId","kind","status","output" FROM ${HISTORY.Step} WHERE "runId"=? AND "status" IN ('succeeded','failed') ORDER BY "finishedAtMs","stepKey"`,
      [task.runId],
    ),
  ]);
  const run = runRows[0];
  const parents: TaskRunRows["parents"] = [];
  let parentId = run?.parentRunId ? String(run.parentRunId) : null;
  let stepKey = run?.parentStepKey ? String(run.parentStepKey) : null;
  while (parentId && parents.length < MAX_PARENTS) {
    const rows = await q.all(`SELECT "id","status","workflowId","parentRunId","parentStepKey" FROM "Run" WHERE "id"=?`, [parentId]);
    if (!rows[0]) break;
    parents.push({ runId: parentId, workflowId: String(rows[0].workflowId), status: String(rows[0].status) as RunStatus, stepKey });
    parentId = rows[0].parentRunId ? String(rows[0].parentRunId) : null;
    stepKey = rows[0].parentStepKey ? String(rows[0].parentStepKey) : null;
  }
  const wfIds = [...new Set([task.workflowId, ...parents.map((p) => p.workflowId)])];
  const wfRows = await q.all<{ id: string; name: string }>(
    `SELECT "id","name" FROM "Workflow" WHERE "id" IN (${wfIds.map(() => "?").join(",")})`,
    wfIds,
  );
  return {
    run: run
      ? {
          status: String(run.status) as RunStatus,
          input: json(run.input),
          initiatorId: run.initiatorId ? String(run.initiatorId) : null,
          createdAt: run.createdAt instanceof Date ? run.createdAt.toISOString() : String(run.createdAt ?? ""),
        }
      : null,
    version: versionRows[0] ? { version: Number(versionRows[0].version), graph: json(versionRows[0].graph) } : null,
    steps: stepRows.map((s) => ({
      stepKey: String(s.stepKey),
      nodeId: String(s.nodeId),
      kind: String(s.kind),
      status: String(s.status) as StepStatus,
      output: json(s.output),
    })),
    parents,
    workflowNames: new Map(wfRows.map((w) => [String(w.id), String(w.name)])),
  };
}
