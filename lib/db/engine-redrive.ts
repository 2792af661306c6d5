// Redrive (retry failed steps in place) for the SQL engine store: ONE transaction reads the failed
// run, lets the engine plan which rows to reset, rewrites them (each matched on its previous status,
// so a concurrent redrive or cancel aborts the whole transaction), reopens parked tasks, appends
// events and the audit entry, and queues the run again with a new fencing token.
// Lock order as everywhere else (lib/engine/ARCHITECTURE.md): Task → Step → Run, audit last.
import "server-only";
import type { Param, SqlDb, SqlQuery } from "./sql";
import { appendAudit } from "@/lib/db/audit-store";
import { ConflictError, NotFoundError } from "@/lib/engine/errors";
import type { RedriveContext, RedrivePlan, RunRecord, TaskStatus } from "@/lib/engine/ports";
import { rowToRun, rowToStep, WAKEUP_CHANNEL } from "./engine-store";
import { restoreArchivedRun } from "./history-archive-store";
import { unrollRun } from "./run-rollup-store";

const PG_NOW = `(extract(epoch from clock_timestamp()) * 1000)::float8`;

function j(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export async function redriveRunTx(db: SqlDb, runId: string, plan: (ctx: RedriveContext) => RedrivePlan): Promise<RunRecord> {
  return db.tx(async (q: SqlQuery) => {
    const runRows = await q.all(`SELECT * FROM "Run" WHERE "id"=?`, [runId]);
    if (!runRows[0]) throw new NotFoundError(`Run ${runId} not found`);
    const run = rowToRun(runRows[0]);
    if (run.status !== "failed") throw new ConflictError(`Only a failed run can be retried; this run is ${run.status}`, "run_not_failed");
    const now = db.dialect === "postgresql" ? Number((await q.all<{ now: number }>(`SELECT ${PG_NOW} AS now`))[0].now) : Date.now();
    // a failed run found archived comes back to the hot tables before it becomes active again
    await restoreArchivedRun(q, db.dialect, runId);
    // and leaves the dashboard rollup: until it finishes again the dashboard counts it from the Run table
    await unrollRun(q, db.dialect, runId);
    const steps = (await q.all(`SELECT * FROM "Step" WHERE "runId"=? ORDER BY "scheduledAtMs", "stepKey"`, [runId])).map(rowToStep);
    const tasks = (await q.all(`SELECT "id","stepKey","status","dueAtMs" FROM "Task" WHERE "runId"=?`, [runId])).map((t) => ({
      id: String(t.id),
      stepKey: String(t.stepKey),
      status: t.status as TaskStatus,
      dueAtMs: t.dueAtMs === null || t.dueAtMs === undefined ? null : Number(t.dueAtMs),
    }));
    const p = plan({ run, steps, tasks, now });

    for (const id of p.reopenTaskIds) {
      const n = await q.run(
        `UPDATE "Task" SET "status"='open', "result"=NULL, "decidedAtMs"=NULL, "version"="version"+1 WHERE "id"=? AND "runId"=? AND "status"='cancelled'`,
        [id, runId],
      );
      if (n !== 1) throw new ConflictError(`Task ${id} changed meanwhile; reload and try again`, "task_race");
      await q.run(`UPDATE "TaskAssignee" SET "status"='open' WHERE "taskId"=? AND "status"='cancelled'`, [id]);
    }
    for (const { step: s, fromStatus } of p.steps) {
      const n = await q.run(
        `UPDATE "Step" SET "status"=?, "attempt"=?, "input"=?, "output"=?, "outputHandle"=?, "error"=?, "idempotencyKey"=?,
           "wakeAtMs"=?, "startedAtMs"=?, "finishedAtMs"=? WHERE "runId"=? AND "stepKey"=? AND "status"=?`,
        [
          s.status,
          s.attempt,
          j(s.input),
          j(s.output),
          s.outputHandle,
          j(s.error),
          s.idempotencyKey,
          s.wakeAtMs,
          s.startedAtMs,
          s.finishedAtMs,
          runId,
          s.stepKey,
          fromStatus,
        ] as Param[],
      );
      if (n !== 1) throw new ConflictError(`Step ${s.stepKey} changed meanwhile; reload and try again`, "step_race");
    }
    // Children the failure cancelled belong to the attempt being redone: mark them superseded
    // (parentStepKey + "~~superseded") so the step starts a fresh child instead of reading the
    // cancelled one's outcome. Their rows and links stay for the record.
    for (const { step: s } of p.steps) {
      const prefix = `${s.stepKey}~`;
      await q.run(
        `UPDATE "Run" SET "parentStepKey"="parentStepKey" || '~~superseded'
         WHERE "parentRunId"=? AND "status"='cancelled' AND ("parentStepKey"=? OR substr("parentStepKey", 1, ?)=?)
           AND substr("parentStepKey", length("parentStepKey") - 11) <> '~~superseded'`,
        [runId, s.stepKey, prefix.length, prefix],
      );
    }
    const n = await q.run(
      `UPDATE "Run" SET "status"='queued', "error"=NULL, "output"=NULL, "finishedAtMs"=NULL, "waitingOn"=NULL, "readyAtMs"=?,
         "leaseOwner"=NULL, "leaseExpiresMs"=NULL, "updatedAtMs"=?, "fencingToken"="fencingToken"+1
       WHERE "id"=? AND "status"='failed' AND "fencingToken"=?`,
      [now, now, runId, run.fencingToken],
    );
    if (n !== 1) throw new ConflictError(`Run ${runId} changed meanwhile; reload and try again`, "run_race");
    for (const e of p.events) {
      await q.run(`INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,?,?,?)`, [
        runId,
        e.type,
        e.stepKey ?? null,
        JSON.stringify(e.data ?? {}),
        now,
      ]);
    }
    await appendAudit(q, db.dialect, { ...p.audit, atMs: now });
    if (db.dialect === "postgresql") await q.all(`SELECT pg_notify('${WAKEUP_CHANNEL}', '')`);
    return {
      ...run,
      status: "queued",
      error: null,
      output: null,
      finishedAtMs: null,
      waitingOn: null,
      readyAtMs: now,
      leaseOwner: null,
      leaseExpiresMs: null,
      updatedAtMs: now,
      fencingToken: run.fencingToken + 1,
    };
  });
}
