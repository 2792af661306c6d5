// The gauges /api/metrics reads from the database when scraped: the ready-run queue (depth and the
// age of its oldest entry, on the claim query's own condition), open and overdue tasks, and the
// decisions of the last minute. One round trip per gauge group; runs and tasks are read on indexed
// columns, the decision count scans Decision.atMs (not indexed: cheap at a scrape every 15 s until
// the table holds millions of rows).
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";
import { ACTIVE_RUN_SQL_LIST } from "@/lib/model/vocabulary";

export interface DbGauges {
  readyRuns: number;
  oldestReadyAgeMs: number;
  tasksOpen: number;
  tasksOverdue: number;
  decisionsLastMinute: number;
}

export async function readDbGauges(q: SqlQuery, nowMs = Date.now()): Promise<DbGauges> {
  const [ready, tasks, decisions] = await Promise.all([
    q.all<{ n: number; oldest: number | null }>(
      `SELECT COUNT(*) AS "n", MIN("readyAtMs") AS "oldest" FROM "Run"
       WHERE "readyAtMs" <= ? AND ("leaseOwner" IS NULL OR "leaseExpiresMs" < ?) AND "status" IN ${ACTIVE_RUN_SQL_LIST}`,
      [nowMs, nowMs],
    ),
    q.all<{ open: number; overdue: number }>(
      `SELECT COUNT(*) AS "open", SUM(CASE WHEN "dueAtMs" IS NOT NULL AND "dueAtMs" < ? THEN 1 ELSE 0 END) AS "overdue" FROM "Task" WHERE "status" = 'open'`,
      [nowMs],
    ),
    q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Decision" WHERE "atMs" >= ?`, [nowMs - 60_000]),
  ]);
  const oldest = ready[0]?.oldest;
  return {
    readyRuns: Number(ready[0]?.n ?? 0),
    oldestReadyAgeMs: oldest === null || oldest === undefined ? 0 : Math.max(0, nowMs - Number(oldest)),
    tasksOpen: Number(tasks[0]?.open ?? 0),
    tasksOverdue: Number(tasks[0]?.overdue ?? 0),
    decisionsLastMinute: Number(decisions[0]?.n ?? 0),
  };
}
