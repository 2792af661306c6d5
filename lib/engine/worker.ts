// The worker loop: claim up to `concurrency` runnable runs, drive each with a RunProcessor, renew
// leases while effects run, and sleep until something can be due. Wake-ups come from the in-process
// notifier (a start or decision in this process: immediate), PostgreSQL LISTEN/NOTIFY (other
// processes), a timer for the nearest readyAtMs, and a slow poll as the last resort.
import os from "node:os";
import { randomUUID } from "node:crypto";
import { AsyncResource } from "node:async_hooks";
import { safeFetch, type SafeFetchInit } from "@/lib/security/safe-fetch";
import { installExpressionIsolation } from "./expression-isolation";
import { RunProcessor, type CrashPoint } from "./run-processor";
import { Semaphore } from "./semaphore";
import type { LocalNotifier } from "./notifier";
import type { ClaimedRun, CredentialResolver, EngineStore, Notifier, StartSlot } from "./ports";
import type { Telemetry } from "./telemetry";

export interface WorkerOptions {
  store: EngineStore;
  notifier?: Notifier;
  concurrency?: number;
  /** Effects running at once (default: 4 × concurrency). */
  maxEffects?: number;
  leaseMs?: number;
  pollMs?: number;
  workerId?: string;
  httpAllowList?: readonly string[] | string;
  fetch?: (url: string, init: SafeFetchInit) => Promise<Response>;
  resolveCredential?: CredentialResolver;
  crash?: (point: CrashPoint) => void;
  /** The server's public base URL (SWITCHYARD_BASE_URL): a waiting Wait for callback step's `$.steps.<node>.callbackUrl`. */
  publicBaseUrl?: string;
  /** Runs before every claim (the inbox's escalation sweep); a failure is logged, never fatal. */
  beforeClaim?: () => Promise<void>;
  /** The earliest database time something outside the run table is due (a schedule's next fire), or null; the loop wakes for it. */
  nextDueAt?: () => number | null;
  /**
   * True while requests of this process queue for an answer (the embedded worker of scripts/serve.mjs,
   * lib/server/request-pressure.ts). The loop then claims no new runs until it is false again or
   * `maxYieldMs` (default 1000) has passed, so a burst is answered before the runs it started are
   * advanced; runs already held go on. Nothing is skipped, only claimed later.
   */
  foregroundBusy?: () => boolean;
  maxYieldMs?: number;
  /** Name of the SQLite file, for the "one worker process" message. */
  databaseLabel?: string;
  log?: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
  /** Traces and metrics of the runs this worker drives (default: none). */
  telemetry?: Telemetry;
}

export class WorkerConflictError extends Error {}

const HEARTBEAT_MS = 5000;
const STALE_WORKER_MS = 15_000;
/** How often a yielding loop looks whether the requests have been answered. */
const YIELD_POLL_MS = 5;

export class Worker {
  readonly id: string;
  private readonly store: EngineStore;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxYieldMs: number;
  private readonly active = new Map<string, RunProcessor>();
  private readonly effects: Semaphore;
  private readonly cpu = new Semaphore(1);
  private readonly fetchFn: (url: string, init: SafeFetchInit) => Promise<Response>;
  private running = false;
  private stopping = false;
  private wake: (() => void) | null = null;
  private kicked = false;
  private loopDone: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private registered = false;
  private renewSoon = false;
  /** Slots promised to runs being started in this process (reserveStart), not yet adopted. */
  private reserved = 0;
  private withdrawStarts: (() => void) | null = null;
  /** The async context of start(), where the claim loop runs: adopted runs are driven in it too (reserveStart). */
  private context = new AsyncResource("switchyard.worker");
  private readonly log: NonNullable<WorkerOptions["log"]>;

  constructor(private readonly opts: WorkerOptions) {
    this.store = opts.store;
    this.id = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = opts.concurrency ?? 16;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 1500;
    this.maxYieldMs = opts.maxYieldMs ?? 1000;
    this.effects = new Semaphore(opts.maxEffects ?? this.concurrency * 4);
    const allowHosts = opts.httpAllowList;
    this.fetchFn = opts.fetch ?? ((url, init) => safeFetch(url, { ...init, allowHosts }));
    this.log = opts.log ?? ((level, msg, extra) => console[level === "info" ? "log" : level](`[worker] ${msg}`, extra ?? ""));
  }

  /** Register, start the loop, the lease heartbeat and the wake-up sources. */
  async start(opts: { register?: boolean } = {}): Promise<void> {
    if (this.running) return;
    if (opts.register ?? true) await this.register();
    // User expressions that are not provably cheap run in worker threads that can be stopped.
    installExpressionIsolation();
    this.context = new AsyncResource("switchyard.worker");
    this.running = true;
    this.unsubscribe = this.opts.notifier?.subscribe(() => this.wakeFromOutside()) ?? null;
    const local = this.opts.notifier;
    if (local && "offerStarts" in local && this.store.createLeasedRun)
      this.withdrawStarts = (local as LocalNotifier).offerStarts(() => this.reserveStart());
    this.unlisten = await this.store.listen(() => this.wakeFromOutside());
    this.timers.push(
      setInterval(
        () => {
          this.renew().catch((e: unknown) => this.log("warn", "lease renewal failed", { error: String(e) }));
        },
        Math.max(200, Math.floor(this.leaseMs / 3)),
      ),
    );
    if (this.registered) {
      this.timers.push(
        setInterval(() => {
          this.store.heartbeatWorker(this.id).catch(() => undefined);
        }, HEARTBEAT_MS),
      );
    }
    this.loopDone = this.loop();
  }

  private async register(): Promise<void> {
    if (this.store.dialect === "sqlite") {
      for (const w of await this.store.liveWorkers(STALE_WORKER_MS)) {
        if (w.host === os.hostname() && !pidAlive(w.pid)) {
          await this.store.unregisterWorker(w.id);
          continue;
        }
        if (w.pid === process.pid && w.host === os.hostname()) continue;
        throw new WorkerConflictError(
          `Another Switchyard worker (pid ${w.pid}) is using ${this.opts.databaseLabel ?? "data/switchyard.db"}; ` +
            `SQLite supports one worker process — use PostgreSQL for more workers`,
        );
      }
    }
    await this.store.registerWorker({ id: this.id, pid: process.pid, host: os.hostname() });
    this.registered = true;
  }

  /** Wake the loop now (a run was started or a task decided in this process). */
  notify(): void {
    this.wakeFromOutside();
  }

  /** An outside wake-up (start, decision, NOTIFY). */
  private wakeFromOutside(): void {
    // A decision may concern a run we hold (another branch's effect still running): look now
    // instead of at the next lease renewal.
    if (this.active.size && !this.renewSoon) {
      this.renewSoon = true;
      // at most one extra renewal per 50 ms, however many notifications arrive
      setTimeout(() => {
        this.renewSoon = false;
        this.renew().catch((e: unknown) => this.log("warn", "lease renewal failed", { error: String(e) }));
      }, 50);
    }
    this.kick();
  }

  private kick(): void {
    this.kicked = true;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async loop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    while (this.running && !this.stopping) {
      this.kicked = false;
      let claimedAll = false;
      // Awaited only while requests queue: an await on every pass put the claim of a run that a
      // decision or event just woke behind the waker's own continuation (SQLite: its response).
      if (this.opts.foregroundBusy?.()) await this.yieldToForeground();
      try {
        claimedAll = await this.claimOnce();
      } catch (e) {
        this.log("warn", "claim failed", { error: String(e) });
      }
      if (claimedAll || this.kicked) {
        await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      let delay = this.pollMs;
      // Every slot taken: nothing could be claimed when a run falls due, and a slot that frees up
      // kicks the loop (drive, cancel), so the next due time is not read again on every wake-up
      // (each start or decision in this process wakes the loop).
      if (this.concurrency - this.active.size - this.reserved > 0) {
        try {
          let next = await this.store.nextReadyAt();
          const other = this.opts.nextDueAt?.() ?? null;
          if (other !== null && (next === null || other < next)) next = other;
          if (next !== null) delay = Math.max(0, Math.min(delay, next - (await this.store.now()) + 2));
        } catch {
          // keep the poll interval
        }
      }
      if (this.kicked || !this.running) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, delay);
      });
      clearTimeout(timer);
      this.wake = null;
    }
  }

  /** Waits while requests queue (foregroundBusy), at most maxYieldMs. */
  private async yieldToForeground(): Promise<void> {
    const busy = this.opts.foregroundBusy;
    if (!busy) return;
    const until = Date.now() + this.maxYieldMs;
    while (this.running && !this.stopping && busy() && Date.now() < until) {
      await new Promise<void>((r) => setTimeout(r, YIELD_POLL_MS));
    }
  }

  /** Claim and start up to the free slots; true when every slot was filled (more may be waiting). */
  private async claimOnce(): Promise<boolean> {
    const slots = this.concurrency - this.active.size - this.reserved;
    if (slots <= 0) return false;
    if (this.opts.beforeClaim) {
      await this.opts.beforeClaim().catch((e: unknown) => this.log("warn", "beforeClaim hook failed", { error: String(e) }));
    }
    const claimed = await this.store.claimRuns(this.id, slots, this.leaseMs);
    if (claimed.length) this.opts.crash?.("after_claim");
    for (const c of claimed) this.drive(c);
    return claimed.length === slots;
  }

  /** Drive a run this worker holds the lease of (claimed, or started here leased to it). */
  private drive(c: ClaimedRun): void {
    const p = new RunProcessor(
      {
        store: this.store,
        effects: this.effects,
        cpu: this.cpu,
        fetch: this.fetchFn,
        resolveCredential: this.opts.resolveCredential,
        crash: this.opts.crash,
        publicBaseUrl: this.opts.publicBaseUrl,
        log: this.log,
        telemetry: this.opts.telemetry,
        onOtherRunDue: () => this.wakeFromOutside(),
      },
      c,
    );
    this.active.set(c.run.id, p);
    p.start()
      .then(async (o) => {
        this.active.delete(c.run.id);
        if (o.readyAtMs !== null && o.readyAtMs <= (await this.store.now())) this.kick();
        else if (this.active.size + this.reserved === this.concurrency - 1) this.kick();
      })
      .catch((e: unknown) => {
        this.active.delete(c.run.id);
        this.log("error", "processor crashed", { runId: c.run.id, error: String(e) });
      });
  }

  /**
   * A slot for a run this process is starting (LocalNotifier.reserveStart): the store writes the run
   * leased to this worker and the worker drives it at once, with no claim. None while stopping, full,
   * or yielding to queued requests (the run is then started unleased and claimed later, as before).
   */
  private reserveStart(): StartSlot | null {
    if (!this.running || this.stopping || this.active.size + this.reserved >= this.concurrency) return null;
    if (this.opts.foregroundBusy?.()) return null;
    this.reserved++;
    let settled = false;
    const settle = () => {
      if (settled) throw new Error("a start slot is adopted or cancelled once");
      settled = true;
      this.reserved--;
    };
    return {
      workerId: this.id,
      leaseMs: this.leaseMs,
      adopt: (c) => {
        settle();
        this.opts.crash?.("after_claim");
        if (this.stopping || !this.running) {
          // stopped meanwhile: hand the run back, due now, as stop() does with the runs it holds
          this.store.releaseRun(c.run.id, c.run.fencingToken).catch(() => undefined);
          return;
        }
        // driven in the async context the claim loop runs in, as a claimed run is (what start() was
        // given: an agent runtime), not the starting request's (its own async-local state, a trace
        // context, must not reach the run's cycles)
        this.context.runInAsyncScope(() => this.drive(c));
      },
      cancel: () => {
        settle();
        // the slot is free again: a claim that found no slot because of it looks again
        if (this.active.size + this.reserved === this.concurrency - 1) this.kick();
      },
    };
  }

  private async renew(): Promise<void> {
    if (!this.active.size) return;
    const { signalled } = await this.store.renewLeases(this.id, this.leaseMs);
    for (const runId of signalled) this.active.get(runId)?.signal();
  }

  /** Runs held right now (tests, metrics). */
  get activeRuns(): number {
    return this.active.size;
  }

  /**
   * Graceful shutdown: stop claiming, let in-flight work finish for up to `graceMs`, then hand the
   * remaining runs back (lease cleared, due now) so another worker takes them at once.
   */
  async stop(opts: { graceMs?: number } = {}): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.withdrawStarts?.();
    this.withdrawStarts = null;
    this.kick();
    await this.loopDone;
    const deadline = Date.now() + (opts.graceMs ?? 10_000);
    // a start holding a reserved slot adopts its run and hands it straight back (reserveStart)
    while ((this.active.size || this.reserved) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([...this.active.values()].map((p) => p.abandon()));
    this.active.clear();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.unsubscribe?.();
    await this.unlisten?.();
    if (this.registered) await this.store.unregisterWorker(this.id).catch(() => undefined);
    this.running = false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
