// The one way to wake a run: make it due now without touching its lease. A worker that holds the
// lease sees readyAtMs <= now when it commits and runs another cycle; otherwise the next claim takes
// it. Used by the engine store (child ended, task resolved, cancel) and every other writer that
// changes what a parked run waits on (escalation, events, callbacks). Call it inside the transaction
// that made the change, so the wake-up commits with it.
import "server-only";
import { ACTIVE_RUN_SQL_LIST } from "@/lib/model/vocabulary";
import type { SqlQuery, SqlStatement } from "./sql";

const SIGNAL_SET = `"readyAtMs"=CASE WHEN "readyAtMs" IS NULL OR "readyAtMs" > ? THEN ? ELSE "readyAtMs" END`;

export async function signalRun(q: SqlQuery, runId: string, now: number): Promise<void> {
  const st = signalRunStatement(runId, now);
  await q.run(st.sql, st.params);
}

/**
 * The same wake-up of one run as a statement (for a one-round-trip script on PostgreSQL); `onlyIf`,
 * a condition without parameters, narrows it (a decision that leased the run skips the wake-up).
 */
export function signalRunStatement(runId: string, now: number, onlyIf?: string): SqlStatement {
  return {
    sql: `UPDATE "Run" SET ${SIGNAL_SET} WHERE "id"=? AND "status" IN ${ACTIVE_RUN_SQL_LIST}${onlyIf ? ` AND ${onlyIf}` : ""}`,
    params: [now, now, runId],
  };
}

/**
 * The same wake-up for every run a subquery names, as one statement (a data-modifying CTE of a
 * one-round-trip script on PostgreSQL). `runIdsSql` selects one column of run ids and has no parameters.
 */
export function signalRunsStatement(runIdsSql: string, now: number): SqlStatement {
  return {
    sql: `UPDATE "Run" SET ${SIGNAL_SET} WHERE "id" IN (${runIdsSql}) AND "status" IN ${ACTIVE_RUN_SQL_LIST}`,
    params: [now, now],
  };
}
