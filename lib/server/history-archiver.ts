// The worker's history archiver, beside the run loop on its own timer (like the governance and alert
// sweepers): every interval it moves the rows of runs that finished more than `afterMs` ago to the
// archive tables, one bounded batch (one short transaction) at a time, yielding between batches so
// the run loop is never held up. Several workers may run it: on PostgreSQL a batch skips runs another
// batch has locked; SQLite has one worker process.
import "server-only";
import { archiveFinishedRunBatch } from "@/lib/db/history-archive-store";
import type { SqlDb } from "@/lib/db/sql";

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
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly o: HistoryArchiverOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.o.intervalMs);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = null;
        this.schedule(this.o.intervalMs);
      });
    }, ms);
    this.timer.unref?.();
  }

  /** One pass: batches until the backlog is empty or `maxBatches` ran. Returns the runs archived. */
  async pass(nowMs = Date.now()): Promise<number> {
    let total = 0;
    try {
      for (let i = 0; i < (this.o.maxBatches ?? 50) && !this.stopped; i++) {
        const { runs } = await archiveFinishedRunBatch(this.o.db, { cutoffMs: nowMs - this.o.afterMs, limit: this.o.batchRuns ?? 100, nowMs });
        total += runs;
        if (runs < (this.o.batchRuns ?? 100)) break;
        await new Promise((r) => setImmediate(r));
      }
    } catch (e) {
      this.o.log?.("warn", "history archive pass failed", { error: String(e) });
    }
    return total;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
  }
}
