// The worker's evaluation loop, beside the run loop on its own timer (like the alert sweeper): each
// pass claims the active evaluations (a lease per evaluation, so two workers never start the same
// rows) and advances each by one step (./evaluation-runner.ts). While any has work it passes again
// after `busyMs`; idle, after `intervalMs`. Stopping gives the leases back so another worker (or this
// one after a restart) continues at once.
import "server-only";
import { randomUUID } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { claimEvaluations, releaseEvaluations } from "@/lib/db/evaluation-store";
import type { EngineDeps } from "@/lib/engine/run-service";
import { EvaluationRunner } from "./evaluation-runner";
import type { Judge } from "./graders";
import { llmJudge } from "./llm-judge";

export interface EvaluationSweeperOptions {
  db: SqlDb;
  engine: EngineDeps;
  /** Idle poll for new evaluations. */
  intervalMs: number;
  /** Pause between passes while an evaluation has work (default 10 ms). */
  busyMs?: number;
  /** A lease outlives a dead worker this long (default 15 s). */
  leaseMs?: number;
  owner?: string;
  judge?: Judge;
  log?: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
}

export class EvaluationSweeper {
  readonly owner: string;
  private readonly runner: EvaluationRunner;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(private readonly o: EvaluationSweeperOptions) {
    this.owner = o.owner ?? `eval-${randomUUID()}`;
    this.runner = new EvaluationRunner({ sql: o.db, engine: o.engine, judge: o.judge ?? llmJudge(o.db) });
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Pass now (an evaluation was just started in this process). */
  wake(): void {
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      let busy = false;
      this.running = this.pass()
        .then((b) => (busy = b))
        .catch((e: unknown) => this.o.log?.("warn", "evaluation pass failed", { error: String(e) }))
        .finally(() => {
          this.running = null;
          this.schedule(busy ? (this.o.busyMs ?? 10) : this.o.intervalMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
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
