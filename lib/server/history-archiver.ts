// The worker's history archiver, beside the run loop on its own timer (like the governance and alert
// sweepers): every interval it moves the rows of runs that finished more than `afterMs` ago to the
// archive tables, one bounded batch (one short transaction) at a time, yielding between batches so
// the run loop is never held up. Several workers may run it: on PostgreSQL a batch skips runs another
// batch has locked; SQLite has one worker process.
import "server-only";
import { archiveFinishedRunBatch } from "@/lib/db/history-archive-store";
import type { SqlDb } from "@/lib/db/sql";
import { setTimeout as wait } from "node:timers/promises";

export interface HistoryArchiverOptions {
  db: SqlDb;
  /** How long after a run finished its rows move (ms). */
  afterMs: number;
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

  /** One pass: batches until the backlog is empty or `maxBatches` ran. Returns the runs archived. */
  async pass(nowMs = Date.now()): Promise<number> {
    const limit = this.o.batchRuns ?? 100;
    let total = 0;
    try {
      for (let i = 0; i < (this.o.maxBatches ?? 50) && !this.stopping.signal.aborted; i++) {
        const { runs } = await archiveFinishedRunBatch(this.o.db, { cutoffMs: nowMs - this.o.afterMs, limit, nowMs });
        total += runs;
        if (runs < limit) break;
        await new Promise((r) => setImmediate(r));
      }
    } catch (e) {
      this.o.log?.("warn", "history archive pass failed", { error: String(e) });
    }
    return total;
  }

  /** Stops the loop; a batch in flight commits or rolls back first. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}
