// The worker's governance loop, beside (never inside) the run loop: every interval it works the
// erasure jobs to the end, indexes the audit rows appended since the last pass for search (SQLite, in
// batches: lib/db/audit-search-index.ts), and every purgeEveryMs one retention purge pass (bounded batches; a backlog continues at the next pass). It runs on its own
// timer so claiming runs is never delayed by it; each batch is a short transaction of its own.
import { catchUpAuditSearch } from "@/lib/db/audit-search-index";
import type { SqlDb } from "@/lib/db/sql";
import { PeriodicSweeper, type SweeperLog } from "@/lib/server/periodic-sweeper";
import type { EngineStore } from "@/lib/engine/ports";
import { runErasureJobs } from "./erasure";
import { purgeExpired, type PurgeOptions } from "./retention";

export interface GovernanceSweeperOptions {
  db: SqlDb;
  store: Pick<EngineStore, "cancelRun">;
  owner: string;
  /** How often erasure jobs are looked for. */
  intervalMs: number;
  /** How often a retention purge pass runs (default 60 s). */
  purgeEveryMs?: number;
  /** The purge's batch size and batches per pass (default: the purge's own; tests make them tiny). */
  purge?: Pick<PurgeOptions, "batchRuns" | "maxBatches">;
  log?: SweeperLog;
}

export class GovernanceSweeper {
  private readonly loop: PeriodicSweeper;
  private stopped = false;
  private lastPurgeAt = 0;
  /** Aborted by stop(): a purge pass ends after its current batch instead of running its batches out. */
  private purgeAbort = new AbortController();

  constructor(private readonly o: GovernanceSweeperOptions) {
    this.loop = new PeriodicSweeper({
      pass: () => this.pass(),
      intervalMs: o.intervalMs,
      firstDelayMs: 1000,
      failure: "governance pass failed",
      log: o.log,
    });
  }

  start(): void {
    this.stopped = false;
    this.purgeAbort = new AbortController();
    this.loop.start();
  }

  /** One pass: erasure jobs first (people wait for them), then the audit search index, then retention. */
  async pass(): Promise<void> {
    try {
      while (!this.stopped && (await runErasureJobs({ db: this.o.db, store: this.o.store, owner: this.o.owner }))) {
        // next job
      }
      if (!this.stopped) await catchUpAuditSearch(this.o.db);
      if (!this.stopped && Date.now() - this.lastPurgeAt >= (this.o.purgeEveryMs ?? 60_000)) {
        this.lastPurgeAt = Date.now();
        const r = await purgeExpired({
          ...this.o.purge,
          db: this.o.db,
          pause: () => new Promise((res) => setImmediate(res)),
          signal: this.purgeAbort.signal,
        });
        // a backlog (the pass stopped at its batch limit) goes on at the next pass, not a purge interval
        // later: 50 batches a minute could never catch up with a busy installation's finished runs
        if (r.more) this.lastPurgeAt = 0;
      }
    } catch (e) {
      this.o.log?.("warn", "governance pass failed", { error: String(e) });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.purgeAbort.abort();
    await this.loop.stop();
  }
}
