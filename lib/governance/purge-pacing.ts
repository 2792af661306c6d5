// How the retention purge paces its batches (lib/governance/ARCHITECTURE.md, "Purge pacing"): after
// each batch it waits in proportion to the time the batch's statements took in the database, not to
// the batch's wall time, which on a CPU-starved process is mostly waiting for the event loop.
import type { Row, SqlDb, SqlQuery } from "@/lib/db/sql";

export interface PurgePacing {
  /** Largest share of the time the purge spends in its statements: it waits busy × (1 / dutyCycle − 1). */
  dutyCycle: number;
  /** The longest pause after one batch. */
  maxPauseMs: number;
  /** Most runs per batch (one transaction). */
  batchRuns: number;
  /**
   * The time a batch of runs may spend in its statements: the next batch takes as many runs as fit,
   * by the last batch's time per run (at least one, at most batchRuns). On SQLite that time is how
   * long the batch holds the write lock that every run's step commit needs.
   */
  holdBudgetMs: number;
}

/**
 * A tenth on both. SQLite has one writer and a batch holds its lock for exactly its statements' time,
 * so the pause is uncapped. PostgreSQL locks only the purged rows, which no active run reads, and one
 * batch costs the server a few ms: a statement time far beyond that is the client's event loop, so
 * the pause is capped at 200 ms. A larger share (half) purged faster but slowed runs in the same
 * process by its client-side work (docs/governance.md, Performance).
 *
 * SQLite's batches are 10 runs, PostgreSQL's 20. The duty cycle sets how often a run's commit meets a
 * batch; the batch's length sets how long it then waits (the write lock, and on SQLite the event loop,
 * since its statements are synchronous). A run's p95 is the runs that met one, so it grows with the
 * batch's length, not the share: 20-run batches held it ~5 ms and left the chain's p95 0.22–0.26 worse
 * against ~30 ms; half the batch halves that wait at the same share of time.
 *
 * SQLite's batches are also time-boxed (holdBudgetMs): a batch of 10 runs held the lock 3.5 ms of CPU
 * at the median and 8.5 ms at p95 (runs differ in steps, tasks and model calls), against about 0.5 ms
 * of CPU for a chain step. The budget sizes the next batch by the last one's time per run, so a
 * workflow whose runs are heavy purges in smaller batches. PostgreSQL holds no lock a run waits for.
 */
export const PURGE_PACING: Record<SqlDb["dialect"], PurgePacing> = {
  sqlite: { dutyCycle: 0.1, maxPauseMs: Number.POSITIVE_INFINITY, batchRuns: 10, holdBudgetMs: 2 },
  postgresql: { dutyCycle: 0.1, maxPauseMs: 200, batchRuns: 20, holdBudgetMs: Number.POSITIVE_INFINITY },
};

/** Runs for the next batch: as many as fit the budget at the last batch's time per run. */
export function nextBatchRuns(lastRuns: number, busyMs: number, pacing: Pick<PurgePacing, "batchRuns" | "holdBudgetMs">): number {
  if (lastRuns <= 0 || busyMs <= 0 || !Number.isFinite(pacing.holdBudgetMs)) return pacing.batchRuns;
  return Math.max(1, Math.min(pacing.batchRuns, Math.floor((pacing.holdBudgetMs * lastRuns) / busyMs)));
}

/** The pause after a batch whose statements took busyMs. */
export function purgePauseMs(busyMs: number, pacing: Pick<PurgePacing, "dutyCycle" | "maxPauseMs">): number {
  const duty = Math.min(1, Math.max(0.01, pacing.dutyCycle));
  return Math.min(pacing.maxPauseMs, busyMs * (1 / duty - 1));
}

/** Runs fn in one transaction and measures the time its statements took (clock in ms). */
export async function timedTx<T>(db: SqlDb, clock: () => number, fn: (q: SqlQuery) => Promise<T>): Promise<{ value: T; busyMs: number }> {
  let busyMs = 0;
  const time = async <R>(statement: () => Promise<R>): Promise<R> => {
    const t0 = clock();
    try {
      return await statement();
    } finally {
      busyMs += clock() - t0;
    }
  };
  const value = await db.tx((q) =>
    fn({
      all: <R = Row>(sql: string, params?: Parameters<SqlQuery["all"]>[1]) => time(() => q.all<R>(sql, params)),
      run: (sql, params) => time(() => q.run(sql, params)),
    }),
  );
  return { value, busyMs };
}
