// The engine-side writes of an escalation, inside its transaction: the parked approval step wakes at
// the task's new due time, and PostgreSQL workers in other processes are told to look (the run
// itself is made due with signalRun).
import "server-only";
import { WAKEUP_CHANNEL } from "./engine-store";
import type { SqlDb, SqlQuery } from "./sql";

/** The run's status, or null when it does not exist. */
export async function runStatus(q: SqlQuery, runId: string): Promise<string | null> {
  const run = await q.all<{ status: string }>(`SELECT "status" FROM "Run" WHERE "id"=?`, [runId]);
  return run[0] ? String(run[0].status) : null;
}

/** Move the wake-up of the run's waiting step `stepKey` (the approval) to `wakeAtMs`. */
export async function moveWaitingStepWakeUp(q: SqlQuery, runId: string, stepKey: string, wakeAtMs: number): Promise<void> {
  await q.run(`UPDATE "Step" SET "wakeAtMs"=? WHERE "runId"=? AND "stepKey"=? AND "status"='waiting'`, [wakeAtMs, runId, stepKey]);
}

/** Wake listening workers when the transaction commits (PostgreSQL; SQLite workers share the process). */
export async function notifyWorkersOnCommit(q: SqlQuery, dialect: SqlDb["dialect"]): Promise<void> {
  if (dialect === "postgresql") await q.all(`SELECT pg_notify('${WAKEUP_CHANNEL}', '')`);
}
