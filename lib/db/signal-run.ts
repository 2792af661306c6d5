// The one way to wake a run: make it due now without touching its lease. A worker that holds the
// lease sees readyAtMs <= now when it commits and runs another cycle; otherwise the next claim takes
// it. Used by the engine store (child ended, task resolved, cancel) and every other writer that
// changes what a parked run waits on (escalation, events, callbacks). Call it inside the transaction
// that made the change, so the wake-up commits with it.
import "server-only";
import { ACTIVE_RUN_SQL_LIST } from "@/lib/model/vocabulary";
import type { SqlQuery } from "./sql";

export async function signalRun(q: SqlQuery, runId: string, now: number): Promise<void> {
  await q.run(
    `UPDATE "Run" SET "readyAtMs"=CASE WHEN "readyAtMs" IS NULL OR "readyAtMs" > ? THEN ? ELSE "readyAtMs" END
     WHERE "id"=? AND "status" IN ${ACTIVE_RUN_SQL_LIST}`,
    [now, now, runId],
  );
}
