// The history archive (lib/db/ARCHITECTURE.md, "History that stays fast"): the steps, events and model
// calls of runs that finished a while ago move from the hot tables to their archive twins, a bounded
// batch of runs per transaction, so a crash mid-batch leaves every row where it was. Reads that may
// concern a finished run name the *History views (UNION ALL of hot and archive, migration 0025), so
// every read API answers the same before and after a run is archived.
import "server-only";
import { TERMINAL_RUN_SQL_LIST } from "@/lib/model/vocabulary";
import type { SqlDb, SqlQuery } from "./sql";

/** Views that read a table's hot and archived rows as one (same columns as the hot table). */
export const HISTORY = {
  Step: `"StepHistory"`,
  RunEvent: `"RunEventHistory"`,
  ModelCall: `"ModelCallHistory"`,
} as const;

/**
 * The same query over the hot table and over its archive, as one UNION ALL: for aggregates over a
 * join, where SQLite would materialise a view whole instead of probing each table's index. Each arm
 * takes the caller's parameters, so pass them `armParams(params)`.
 */
export function overHistory(table: keyof typeof HISTORY, arm: (t: string) => string): string {
  return `${arm(`"${table}"`)} UNION ALL ${arm(`"${table}Archive"`)}`;
}

export const armParams = <T>(params: T[]): T[] => [...params, ...params];

/**
 * The hot tables and their archive twins. A twin has the same columns in the same order (migration
 * 0025; a later column goes to both, `tests/governance/history-archive.test.ts` checks), so rows move
 * with `SELECT *`: a column added to one table only makes the move fail instead of losing the column.
 */
const TABLES = (["Step", "RunEvent", "ModelCall"] as const).map((hot) => ({ hot, archive: `${hot}Archive` }));

/** The archive tables, for the code that must reach every copy of a run's rows (retention, erasure). */
export const ARCHIVE_TABLES = TABLES.map((t) => t.archive);

const list = (n: number): string => Array.from({ length: n }, () => "?").join(",");

/**
 * Moves every row of `runIds` from the hot tables to the archive (or back), in the caller's
 * transaction. PostgreSQL moves each row in one statement (DELETE … RETURNING feeding the INSERT), so
 * a concurrent update of a row (an erasure) either lands before the move and is carried, or waits for
 * it and then finds the row in the archive. SQLite serialises writers, so copy-then-delete is exact.
 */
async function moveRows(q: SqlQuery, dialect: SqlDb["dialect"], runIds: string[], toArchive: boolean): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const inRuns = `(${list(runIds.length)})`;
  for (const t of TABLES) {
    const [from, to] = toArchive ? [t.hot, t.archive] : [t.archive, t.hot];
    let n: number;
    if (dialect === "postgresql") {
      n = await q.run(
        `WITH moved AS (DELETE FROM "${from}" WHERE "runId" IN ${inRuns} RETURNING *) INSERT INTO "${to}" SELECT * FROM moved`,
        runIds,
      );
    } else {
      n = await q.run(`INSERT INTO "${to}" SELECT * FROM "${from}" WHERE "runId" IN ${inRuns}`, runIds);
      const removed = await q.run(`DELETE FROM "${from}" WHERE "runId" IN ${inRuns}`, runIds);
      if (removed !== n) throw new Error(`history archive: copied ${n} rows of ${from} but removed ${removed}`);
    }
    if (n > 0) counts[from] = n;
  }
  return counts;
}

export interface ArchiveBatchOptions {
  /** Runs that finished before this time (ms) are archived. */
  cutoffMs: number;
  /** Runs per batch (one transaction). */
  limit: number;
  /** Stamped into Run.archivedAtMs. */
  nowMs: number;
  /** Test hook: runs inside the transaction after the rows moved, before the runs are marked. */
  beforeMark?: () => Promise<void>;
}

export interface ArchiveBatchResult {
  runs: number;
  /** Rows moved per hot table. */
  rows: Record<string, number>;
}

/**
 * Archives up to `limit` finished runs (oldest finish first) whose finish is older than the cutoff:
 * their rows move and the runs are marked, in ONE transaction. Only terminal runs are picked, and the
 * status is checked again under the row lock, so an active run's rows never move. On PostgreSQL runs
 * locked by someone else (a redrive, an erasure) are skipped until the next batch.
 */
export async function archiveFinishedRunBatch(db: SqlDb, o: ArchiveBatchOptions): Promise<ArchiveBatchResult> {
  return db.tx(async (q) => {
    const rows = await q.all<{ id: string }>(
      `SELECT "id" FROM "Run" WHERE "archivedAtMs" IS NULL AND "finishedAtMs" IS NOT NULL AND "finishedAtMs" < ?
         AND "status" IN ${TERMINAL_RUN_SQL_LIST} ORDER BY "finishedAtMs" LIMIT ?${db.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""}`,
      [o.cutoffMs, o.limit],
    );
    const ids = rows.map((r) => String(r.id));
    if (!ids.length) return { runs: 0, rows: {} };
    const moved = await moveRows(q, db.dialect, ids, true);
    await o.beforeMark?.();
    const runs = await q.run(
      `UPDATE "Run" SET "archivedAtMs"=? WHERE "id" IN (${list(ids.length)}) AND "archivedAtMs" IS NULL AND "status" IN ${TERMINAL_RUN_SQL_LIST}`,
      [o.nowMs, ...ids],
    );
    if (runs !== ids.length) throw new Error(`history archive: ${ids.length - runs} run(s) changed during the batch`);
    return { runs, rows: moved };
  });
}

/**
 * Brings an archived run's rows back to the hot tables, in the caller's transaction, before the
 * run becomes active again (a redrive of a failed run). Locks the run's row first on PostgreSQL, so
 * an archive batch cannot move the rows meanwhile. Returns whether the run was archived.
 */
export async function restoreArchivedRun(q: SqlQuery, dialect: SqlDb["dialect"], runId: string): Promise<boolean> {
  const rows = await q.all<{ archivedAtMs: number | null }>(
    `SELECT "archivedAtMs" FROM "Run" WHERE "id"=?${dialect === "postgresql" ? " FOR UPDATE" : ""}`,
    [runId],
  );
  if (rows[0]?.archivedAtMs === null || rows[0]?.archivedAtMs === undefined) return false;
  await moveRows(q, dialect, [runId], false);
  await q.run(`UPDATE "Run" SET "archivedAtMs"=NULL WHERE "id"=?`, [runId]);
  return true;
}

/** Finished runs waiting to be archived (the backlog), for the benchmark and operators. */
export async function countArchiveBacklog(q: SqlQuery, cutoffMs: number): Promise<number> {
  const rows = await q.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Run" WHERE "archivedAtMs" IS NULL AND "finishedAtMs" IS NOT NULL AND "finishedAtMs" < ? AND "status" IN ${TERMINAL_RUN_SQL_LIST}`,
    [cutoffMs],
  );
  return Number(rows[0]?.n ?? 0);
}
