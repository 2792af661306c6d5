// A reviewer's decision on PostgreSQL in two round trips (lib/engine/ARCHITECTURE.md, "Round trips"):
// one script reads everything the plan needs (task, assignees, decisions, run, the database clock and
// the named assignees' active delegations), the plan is made in JavaScript, and one script writes it.
//
// The write script is one implicit transaction whose first statement is the fence: the task update
// `WHERE version = <the version read> AND status = 'open'`. Every decision bumps the version in the
// transaction that inserts it, so a decision, reassignment, claim or cancel that committed after the
// read makes it update no row, and a check (an integer cast of a marked text) aborts the script:
// nothing is written and the caller gets task_version_conflict (decideTask re-reads and plans again
// when the reviewer gave no version). Two concurrent decisions: the second waits for the first's row
// lock, then finds the version moved: exactly one wins. The reads come in that order on purpose: the
// task before its decisions, so a decision the task read missed shows a newer version at the fence.
//
// Lock order is the transaction path's (Task, its assignees, notifications, then Run, then the audit
// advisory lock last, in its own statement so the audit INSERT reads the previous holder's row).
import "server-only";
import { ConflictError, NotFoundError } from "@/lib/engine/errors";
import type { ClaimedRun, DecisionContext, DecisionPlan, DecisionRecord, EventWrite, RunRecord, TaskRecord } from "@/lib/engine/ports";
import { pgAuditStatements } from "./audit-store";
import { activeDelegationsOfTaskStatement } from "./delegation-store";
import { closeTaskNotificationsStatement } from "./notification-store";
import { jsonText } from "./row-codec";
import { signalRunStatement } from "./signal-run";
import type { Param, Row, SqlDb, SqlStatement } from "./sql";
import { rowToDecision, rowToTask } from "./task-rows";
import { PG_NOW } from "./tx-now";

/** Raised inside the write script when the task moved since it was read. */
const VERSION_CHECK = "switchyard:check task version moved";

export type DecidedTask = { task: TaskRecord; decision: DecisionRecord; claimed?: ClaimedRun };

/**
 * A decision made in the process of a worker with a free slot: the run it resolves is leased to that
 * worker in the write script (when nobody holds it) and read back as a claim reads it, instead of
 * being woken for a claim (engine-store.ts builds it).
 */
export interface DecisionHandoff {
  /** In place of the wake-up: lease the run when nobody holds it, else wake it as before. */
  wake(runId: string, now: number): SqlStatement[];
  /** In place of NOTIFY: sent only when the run was not leased here. */
  notify: SqlStatement;
  /** Last in the script: the leased run's steps and tasks (nothing when it was not leased). */
  reads: SqlStatement[];
  /** The leased run as claimed, from the rows of `wake` and `reads`; null when it was not leased. */
  take(wakeRows: Row[][], readRows: Row[][]): ClaimedRun | null;
}

/** The fenced update of the decided task (zero rows: it changed since it was read). */
export function taskDecidedStatement(taskId: string, version: number, t: DecisionPlan["task"]): SqlStatement {
  return {
    sql: `UPDATE "Task" SET "status"=?, "result"=?, "decidedAtMs"=?, "version"="version"+1 WHERE "id"=? AND "version"=? AND "status"='open'`,
    params: [t.status, jsonText(t.result), t.decidedAtMs, taskId, version],
  };
}

export function decisionInsertStatement(d: DecisionRecord): SqlStatement {
  return {
    sql: `INSERT INTO "Decision" ("id","taskId","userId","decision","comment","payload","diff","payloadHash","atMs","onBehalfOf") VALUES (?,?,?,?,?,?,?,?,?,?)`,
    params: [
      d.id,
      d.taskId,
      d.userId,
      d.decision,
      d.comment,
      jsonText(d.payload),
      jsonText(d.diff),
      d.payloadHash,
      d.atMs,
      d.onBehalfOf ?? null,
    ] satisfies Param[],
  };
}

export function taskVersionConflict(taskId: string): ConflictError {
  return new ConflictError(`Task ${taskId} changed while you were deciding; reload and try again`, "task_version_conflict");
}

export type ScriptDb = SqlDb & { script: NonNullable<SqlDb["script"]> };

export async function decideTaskScript(
  db: ScriptDb,
  taskId: string,
  plan: (ctx: DecisionContext) => DecisionPlan,
  events: (runId: string, atMs: number, events: EventWrite[]) => SqlStatement[],
  notifySql: string,
  handoff?: DecisionHandoff,
): Promise<DecidedTask> {
  const [taskRows, assignees, decisionRows, runRows, clock] = await db.script([
    { sql: `SELECT * FROM "Task" WHERE "id"=?`, params: [taskId] },
    { sql: `SELECT "type","value" FROM "TaskAssignee" WHERE "taskId"=?`, params: [taskId] },
    { sql: `SELECT * FROM "Decision" WHERE "taskId"=? ORDER BY "atMs"`, params: [taskId] },
    {
      sql: `SELECT "id","status","initiatorId","versionId" FROM "Run" WHERE "id"=(SELECT "runId" FROM "Task" WHERE "id"=?)`,
      params: [taskId],
    },
    activeDelegationsOfTaskStatement(taskId, PG_NOW),
  ]);
  const now = Number(clock[0].now);
  const ctx = decisionContext(taskId, taskRows[0], assignees, decisionRows, runRows[0], now, (named) =>
    // only the assignees the read saw (the delegation read is a later statement)
    clock
      .filter((r) => r.userId != null && named.includes(String(r.userId)))
      .map((r) => ({ userId: String(r.userId), delegateId: String(r.delegateId) })),
  );
  const task = ctx.task;
  const p = plan(ctx);

  const fence = taskDecidedStatement(taskId, task.version, p.task);
  const writes: SqlStatement[] = [
    {
      sql: `WITH t AS (${fence.sql} RETURNING 1) SELECT CASE WHEN count(*) = 1 THEN 0 ELSE ('${VERSION_CHECK} ' || count(*))::int END AS "ok" FROM t`,
      params: fence.params,
    },
  ];
  if (p.task.status !== "open") {
    writes.push(
      { sql: `UPDATE "TaskAssignee" SET "status"=? WHERE "taskId"=?`, params: [p.task.status, taskId] },
      closeTaskNotificationsStatement("postgresql", { taskId }, now),
    );
  }
  writes.push(decisionInsertStatement(p.decision), ...events(task.runId, now, p.events));
  const take = p.resolved ? handoff : undefined;
  const wakeAt = writes.length;
  const wake = take ? take.wake(task.runId, now) : p.resolved ? [signalRunStatement(task.runId, now)] : [];
  writes.push(...wake);
  writes.push(...pgAuditStatements(p.audit));
  if (p.resolved) writes.push(take ? take.notify : { sql: notifySql });
  const readAt = writes.length;
  if (take) writes.push(...take.reads);
  let rows: Row[][];
  try {
    rows = await db.script(writes);
  } catch (e) {
    if (String((e as { message?: unknown } | null)?.message ?? "").includes(VERSION_CHECK)) throw taskVersionConflict(taskId);
    throw e;
  }
  const claimed = take?.take(rows.slice(wakeAt, wakeAt + wake.length), rows.slice(readAt)) ?? null;
  return { ...decidedTask(task, p), ...(claimed ? { claimed } : {}) };
}

/** What a decision is planned from, out of the rows read (either database); NotFoundError without the task or its run. */
export function decisionContext(
  taskId: string,
  taskRow: Row | undefined,
  assignees: Row[],
  decisionRows: Row[],
  runRow: Row | undefined,
  now: number,
  delegationsOf: (namedUsers: string[]) => { userId: string; delegateId: string }[],
): DecisionContext {
  if (!taskRow) throw new NotFoundError(`Task ${taskId} not found`);
  const task = rowToTask(taskRow, assignees);
  if (!runRow) throw new NotFoundError(`Run ${task.runId} not found`);
  return {
    task,
    decisions: decisionRows.map(rowToDecision),
    delegations: delegationsOf(task.assignees.filter((a) => a.type === "user").map((a) => a.value)),
    run: {
      id: String(runRow.id),
      status: runRow.status as RunRecord["status"],
      initiatorId: (runRow.initiatorId as string | null) ?? null,
      versionId: String(runRow.versionId),
    },
    now,
  };
}

/** The task and decision as they are after the plan was written. */
export function decidedTask(task: TaskRecord, p: DecisionPlan): DecidedTask {
  return {
    task: { ...task, status: p.task.status, result: p.task.result, decidedAtMs: p.task.decidedAtMs, version: task.version + 1 },
    decision: p.decision,
  };
}
