// Expressions that are not provably cheap run in a pool of worker threads (lib/model/
// expression-inline.ts decides), so no expression can block the event loop of the web server or of
// the worker: while one is evaluated the process keeps answering, and a runaway is stopped by
// terminating its thread, however it is stuck (one long call included), then a fresh thread is made.
//
// Budgets count the expression's own work: the thread's CPU time (Linux /proc; see thread-cpu.ts),
// never the wall-clock time in which the process was paused, swapping or starved. A thread that used
// its budget is the expression's fault (a `timeout` error, the step fails). One that could not use it
// within `stallMs` of wall-clock time was starved: that is `unavailable`, and the engine retries the
// step. A thread that exhausts its heap fails with `size`. A thread that dies otherwise, or cannot
// start, is `unavailable` too.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { ExpressionError } from "@/lib/model/expression-error";
import { setExpressionIsolation, type ExpressionIsolation, type IsolatedResult } from "@/lib/model/expression-isolation";
import type { ExpressionLimits } from "@/lib/model/expression-limits";
import type { JsonValue } from "@/lib/model/json-value";
import type { ExpressionScope } from "@/lib/model/scope";
import type { WorkerHello, WorkerReply, WorkerRequest } from "./expression-protocol";
import { threadCpuMs } from "./thread-cpu";

export interface IsolationOptions {
  /** Worker threads (evaluations at once). */
  workers: number;
  /** Heap of each worker thread; an expression that needs more fails with `size`. */
  memoryMb: number;
  /** Wall-clock time after which an evaluation that has not used its CPU budget is abandoned as starved (retried). */
  stallMs: number;
}

const ENV = z.object({
  SWITCHYARD_EXPRESSION_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  SWITCHYARD_EXPRESSION_MEMORY_MB: z.coerce.number().int().min(32).max(16_384).default(256),
  SWITCHYARD_EXPRESSION_STALL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
});

/** Options from SWITCHYARD_EXPRESSION_WORKERS / _MEMORY_MB / _STALL_MS (documented in docs/security.md). */
export function isolationOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): IsolationOptions {
  const e = ENV.parse(env);
  return {
    workers: e.SWITCHYARD_EXPRESSION_WORKERS,
    memoryMb: e.SWITCHYARD_EXPRESSION_MEMORY_MB,
    stallMs: e.SWITCHYARD_EXPRESSION_STALL_MS,
  };
}

/** Extra CPU time granted before the watchdog stops a thread (the thread's own check normally fires first). */
const GRACE_MS = 100;
const MAX_FAILED_STARTS = 3;

/**
 * The worker entry: sources are served from the project root (next start, tsx and vitest all run there).
 * The path is assembled at run time so the production bundler does not follow it into tsx and esbuild
 * (the thread loads the file from disk, it is never part of a bundle).
 */
const ENTRY_SEGMENTS = ["lib", "engine", "expression-worker-entry.mjs"];
function entryPath(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), ...ENTRY_SEGMENTS);
}

interface Job {
  req: WorkerRequest;
  limits: ExpressionLimits;
  resolve: (r: IsolatedResult) => void;
  reject: (e: ExpressionError) => void;
  enqueuedAt: number;
  startedAt: number;
  cpuAtStart: number;
  timer: NodeJS.Timeout | null;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  tid: number | null;
  job: Job | null;
  dead: boolean;
}

export class ExpressionPool implements ExpressionIsolation {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private failedStarts = 0;
  /** Threads terminated because an expression overran (for tests and logs). */
  terminated = 0;

  constructor(readonly options: IsolationOptions) {}

  evaluate(source: string, scope: ExpressionScope, limits: ExpressionLimits): Promise<IsolatedResult> {
    return new Promise<IsolatedResult>((resolve, reject) => {
      const job: Job = {
        req: { id: this.nextId++, source, scope, limits },
        limits,
        resolve,
        reject,
        enqueuedAt: Date.now(),
        startedAt: 0,
        cpuAtStart: 0,
        timer: null,
      };
      // Waiting for a free thread is not the expression's work: give up (retryably) only after stallMs.
      job.timer = setTimeout(() => this.expireQueued(job), this.options.stallMs);
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Keep one thread started, so the first expression that needs one does not wait for a thread to
   * boot (about half a second of CPU): called at install and after a thread was terminated.
   */
  prewarm(): void {
    if (this.slots.size === 0) this.spawn();
  }

  /**
   * Resolves once a thread has booted and answered a trivial evaluation: benchmarks wait for it so that
   * a thread's boot (a one-off cost per process) is not counted in a steady-state figure.
   */
  async whenReady(): Promise<void> {
    const scope: ExpressionScope = { input: null, steps: {}, run: { id: "warm-up", startedAt: new Date(0).toISOString() } };
    await this.evaluate("1", scope, { timeoutMs: 1000, maxDepth: 10, maxInputBytes: 10_000, maxOutputBytes: 10_000 });
  }

  /** Stop every thread (tests, shutdown); queued and running evaluations fail as `unavailable`. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) this.settle(job, unavailable("the expression pool was closed"));
    await Promise.all(
      [...this.slots].map((s) => {
        if (s.job) this.settle(s.job, unavailable("the expression pool was closed"));
        return this.kill(s);
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const idle = [...this.slots].find((s) => s.ready && !s.job && !s.dead);
      if (idle) {
        this.dispatch(idle, this.queue.shift()!);
        continue;
      }
      const starting = [...this.slots].filter((s) => !s.ready).length;
      if (this.slots.size < this.options.workers && starting < this.queue.length) {
        this.spawn();
        continue;
      }
      return;
    }
  }

  private spawn(): void {
    const worker = new Worker(/* turbopackIgnore: true */ entryPath(), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false, tid: null, job: null, dead: false };
    this.slots.add(slot);
    worker.unref();
    worker.on("message", (m: WorkerHello | WorkerReply) => {
      if ("ready" in m) {
        slot.ready = true;
        slot.tid = m.tid;
        this.failedStarts = 0;
        this.pump();
        return;
      }
      const job = slot.job;
      if (!job || job.req.id !== m.id) return;
      slot.job = null;
      worker.unref();
      if (m.ok) this.settle(job, null, { value: m.value as JsonValue, usedMs: m.usedMs });
      else
        this.settle(
          job,
          new ExpressionError(m.error.code, m.error.message, { position: m.error.position, jsonataCode: m.error.jsonataCode }),
        );
      this.pump();
    });
    worker.on("error", (err: Error & { code?: string }) => this.onDeath(slot, err));
    worker.on("exit", () => this.onDeath(slot, null));
  }

  private onDeath(slot: Slot, err: (Error & { code?: string }) | null): void {
    if (slot.dead) return;
    slot.dead = true;
    this.slots.delete(slot);
    const job = slot.job;
    slot.job = null;
    if (job) {
      if (err?.code === "ERR_WORKER_OUT_OF_MEMORY") {
        this.settle(job, new ExpressionError("size", `Expression needed more than ${this.options.memoryMb} MB of memory`));
      } else {
        this.settle(job, unavailable(`the expression thread stopped: ${err?.message ?? "exited"}`));
      }
    } else if (!slot.ready && ++this.failedStarts >= MAX_FAILED_STARTS) {
      // Threads cannot start (e.g. the entry file is missing): fail what waits rather than hang.
      for (const q of this.queue.splice(0)) this.settle(q, unavailable(`expression threads cannot start: ${err?.message ?? "exited"}`));
      this.failedStarts = 0;
    }
    this.pump();
  }

  private dispatch(slot: Slot, job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    slot.job = job;
    slot.worker.ref();
    job.startedAt = Date.now();
    job.cpuAtStart = threadCpuMs(slot.tid);
    try {
      slot.worker.postMessage(job.req);
    } catch (err) {
      slot.job = null;
      slot.worker.unref();
      this.settle(job, new ExpressionError("runtime", `Scope cannot be passed to the expression: ${(err as Error).message}`));
      return;
    }
    this.arm(slot, job, job.limits.timeoutMs + GRACE_MS);
  }

  /** The watchdog: look at the thread's CPU time when its budget could be used up. */
  private arm(slot: Slot, job: Job, inMs: number): void {
    job.timer = setTimeout(() => this.watch(slot, job), Math.max(10, inMs));
  }

  private watch(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    const wall = Date.now() - job.startedAt;
    const cpu = threadCpuMs(slot.tid) - job.cpuAtStart;
    // Without a thread id the process-wide CPU time is used; both it and wall time bound the thread's own.
    const used = slot.tid === null ? Math.min(wall, cpu) : cpu;
    const budget = job.limits.timeoutMs;
    if (used > budget) {
      this.terminated++;
      this.fail(
        slot,
        job,
        new ExpressionError(
          "timeout",
          `Expression used more than its ${budget} ms time budget: check for an infinite loop or a very large input`,
        ),
      );
      return;
    }
    if (wall >= this.options.stallMs) {
      this.terminated++;
      this.fail(
        slot,
        job,
        unavailable(`it got ${Math.round(used)} ms of CPU time in ${Math.round(wall)} ms (the process was paused or overloaded)`),
      );
      return;
    }
    this.arm(slot, job, Math.min(budget - used + GRACE_MS, this.options.stallMs - wall));
  }

  private fail(slot: Slot, job: Job, err: ExpressionError): void {
    slot.job = null;
    this.settle(job, err);
    void this.kill(slot);
    this.pump();
    this.prewarm();
  }

  private async kill(slot: Slot): Promise<void> {
    slot.dead = true;
    this.slots.delete(slot);
    await slot.worker.terminate().catch(() => undefined);
  }

  private expireQueued(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.settle(job, unavailable(`no expression thread was free for ${Date.now() - job.enqueuedAt} ms`));
  }

  private settle(job: Job, err: ExpressionError | null, result?: IsolatedResult): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    if (err) job.reject(err);
    else job.resolve(result!);
  }
}

function unavailable(why: string): ExpressionError {
  return new ExpressionError("unavailable", `Expression evaluation was interrupted and will be retried: ${why}`);
}

const g = globalThis as unknown as { __switchyardExpressionPool?: ExpressionPool };

/** Install the worker-thread pool as the process's expression isolation (idempotent). */
export function installExpressionIsolation(options: IsolationOptions = isolationOptionsFromEnv()): ExpressionPool {
  g.__switchyardExpressionPool ??= new ExpressionPool(options);
  setExpressionIsolation(g.__switchyardExpressionPool);
  g.__switchyardExpressionPool.prewarm();
  return g.__switchyardExpressionPool;
}
