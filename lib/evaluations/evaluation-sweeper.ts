// The worker's evaluation loop, beside the run loop on its own timer (lib/server/periodic-sweeper.ts):
// each pass claims the active evaluations (a lease per evaluation, so two workers never start the
// same rows) and advances each by one step (./evaluation-runner.ts). While any has work it passes
// again after `busyMs`; idle, it waits for a signal: the engine's in-process notifier (a start in
// this process) and, on PostgreSQL, LISTEN on the engine's wake-up channel (a start in another
// process NOTIFYs it in the same transaction), with a slow safety poll (`intervalMs`) for a lost
// signal, like the run claim loop. Stopping gives the leases back so another worker (or this one
// after a restart) continues at once.
import "server-only";
import { randomUUID } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { claimEvaluations, releaseEvaluations } from "@/lib/db/evaluation-store";
import type { EngineDeps } from "@/lib/engine/run-service";
import { PeriodicSweeper, type SweeperLog } from "@/lib/server/periodic-sweeper";
import { EvaluationRunner } from "./evaluation-runner";
import type { Judge } from "./graders";
import { llmJudge } from "./llm-judge";

export interface EvaluationSweeperOptions {
  db: SqlDb;
  engine: EngineDeps;
  /** The safety poll while idle: a start is signalled, this catches a lost signal. */
  intervalMs: number;
  /** Pause between passes while an evaluation has work (default 10 ms). */
  busyMs?: number;
  /** A lease outlives a dead worker this long (default 15 s). */
  leaseMs?: number;
  owner?: string;
  judge?: Judge;
  log?: SweeperLog;
}

export class EvaluationSweeper {
  readonly owner: string;
  private readonly runner: EvaluationRunner;
  private readonly loop: PeriodicSweeper;

  constructor(private readonly o: EvaluationSweeperOptions) {
    this.owner = o.owner ?? `eval-${randomUUID()}`;
    this.runner = new EvaluationRunner({ sql: o.db, engine: o.engine, judge: o.judge ?? llmJudge(o.db) });
    const { notifier, store } = o.engine;
    this.loop = new PeriodicSweeper({
      pass: () => this.pass(),
      intervalMs: o.intervalMs,
      busyMs: o.busyMs ?? 10,
      // every run start in the process notifies: at most one idle look per 20 ms during a burst
      wakeDelayMs: 20,
      wakeSources: [(wake) => notifier?.subscribe(wake) ?? (() => undefined), (wake) => store.listen(wake)],
      failure: "evaluation pass failed",
      log: o.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Pass now (an evaluation was just started). */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await releaseEvaluations(this.o.db, this.owner);
  }

  /** One pass over every evaluation this worker can claim; true while any has work left. */
  async pass(): Promise<boolean> {
    const now = Date.now();
    const ids = await claimEvaluations(this.o.db, this.owner, now, now + (this.o.leaseMs ?? 15_000));
    let busy = false;
    for (const id of ids) {
      try {
        if (await this.runner.advance(id)) busy = true;
      } catch (e) {
        this.o.log?.("warn", "evaluation step failed", { evaluationId: id, error: String(e) });
      }
    }
    return busy;
  }
}
