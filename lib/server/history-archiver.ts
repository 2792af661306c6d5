// The worker's history archiver, beside the run loop on its own timer (like the governance and alert
// sweepers): every interval it adds the runs that finished since the last pass to the dashboard
// rollup (lib/db/run-rollup-store.ts), then moves the rows of runs that finished more than `afterMs`
// ago to the archive tables, one bounded batch (one short transaction) at a time, yielding between
// batches so the run loop is never held up. Several workers may run it: on PostgreSQL a batch skips runs another
// batch has locked; SQLite has one worker process.
import "server-only";
import { archiveFinishedRunBatch } from "@/lib/db/history-archive-store";
import { rollupFinishedRunBatch } from "@/lib/db/run-rollup-store";
import type { SqlDb } from "@/lib/db/sql";
import { setTimeout as wait } from "node:timers/promises";

export interface HistoryArchiverOptions {
  db: SqlDb;
  /** How long after a run finished its rows move (ms); null: they never move (the rollup still runs). */
  afterMs: number | null;
  intervalMs: number;
  /** Runs per transaction (default 100) and batches per pass (default 50). */
  batchRuns?: number;
  maxBatches?: number;
  log?: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
}

export class HistoryArchiver {
  private loop: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly o: HistoryArchiverOptions) {}

  /** Waits an interval, archives, and again, until stopped (the timer does not keep the process alive). */
  start(): void {
    this.loop ??= (async () => {
      const signal = this.stopping.signal;
      while (!signal.aborted) {
        await wait(this.o.intervalMs, undefined, { signal, ref: false }).catch(() => undefined);
        if (!signal.aborted) await this.pass();
      }
    })();
  }

  /** One pass: rollup, then archive batches until each backlog is empty or `maxBatches` ran. Returns the runs archived. */
  async pass(nowMs = Date.now()): Promise<number> {
    const limit = this.o.batchRuns ?? 100;
    // a rollup batch writes a few aggregate rows, not every row of its runs: five times the runs per transaction
    await this.batches("rollup", limit * 5, (n) => rollupFinishedRunBatch(this.o.db, { limit: n, nowMs }));
    const afterMs = this.o.afterMs;
    if (afterMs === null) return 0;
    return this.batches(
      "archive",
      limit,
      async (n) => (await archiveFinishedRunBatch(this.o.db, { cutoffMs: nowMs - afterMs, limit: n, nowMs })).runs,
    );
  }

  /** Runs `batch` until it does less than a full batch, `maxBatches` ran or the archiver stops. */
  private async batches(what: string, limit: number, batch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    try {
      for (let i = 0; i < (this.o.maxBatches ?? 50) && !this.stopping.signal.aborted; i++) {
        const runs = await batch(limit);
        total += runs;
        if (runs < limit) break;
        await new Promise((r) => setImmediate(r));
      }
    } catch (e) {
      this.o.log?.("warn", `history ${what} pass failed`, { error: String(e) });
    }
    return total;
  }

  /** Stops the loop; a batch in flight commits or rolls back first. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}
