// The one timer loop of the worker's sweepers (alerts, governance, evaluations): a pass, then the
// next after `intervalMs` (or `busyMs` while the pass says there is more to do). A wake-up
// (`wake()` or a subscribed signal) runs the next pass now instead of when the timer says, so a
// sweeper can idle on a slow safety poll and still answer at once. One pass at a time: a wake-up
// during a pass runs one more pass right after it. Timers never keep the process alive; `stop`
// waits for the pass in flight.
import "server-only";

export type SweeperLog = (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;

/** Something that calls `onWake` when there may be work; returns how to stop listening. */
export type WakeSource = (onWake: () => void) => (() => unknown) | Promise<() => unknown>;

export interface PeriodicSweeperOptions {
  /** One pass; resolving to `true` means more work is waiting (the next pass comes after `busyMs`). */
  pass: () => Promise<unknown>;
  intervalMs: number;
  /** Delay of the first pass after `start` (default 0). */
  firstDelayMs?: number;
  /** Pause between passes while a pass returned `true` (default: `intervalMs`). */
  busyMs?: number;
  /** Signals that wake the loop (the engine's in-process notifier, PostgreSQL LISTEN). */
  wakeSources?: WakeSource[];
  /**
   * A wake-up runs the pass this long after it (default 0): a burst of signals (every run start
   * notifies) then costs one pass per `wakeDelayMs`, not one per signal.
   */
  wakeDelayMs?: number;
  /** What a failed pass is logged as ("alert pass failed"). */
  failure: string;
  log?: SweeperLog;
}

export class PeriodicSweeper {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dueAt = 0;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private wokenWhileRunning = false;
  private unsubscribes: Promise<(() => unknown)[]> | null = null;

  constructor(private readonly o: PeriodicSweeperOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const wake = () => this.wake();
    this.unsubscribes = Promise.all((this.o.wakeSources ?? []).map((s) => s(wake))).catch((e: unknown) => {
      this.o.log?.("warn", `${this.o.failure}: wake-up signal unavailable, polling only`, { error: String(e) });
      return [];
    });
    this.schedule(this.o.firstDelayMs ?? 0);
  }

  /** Pass now (or right after the pass in flight). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wokenWhileRunning = true;
      return;
    }
    const delay = this.o.wakeDelayMs ?? 0;
    if (!this.timer || this.dueAt > Date.now() + delay) this.schedule(delay);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wokenWhileRunning = false;
      let busy = false;
      this.running = this.o
        .pass()
        .then((more) => (busy = more === true))
        .catch((e: unknown) => this.o.log?.("warn", this.o.failure, { error: String(e) }))
        .finally(() => {
          this.running = null;
          const next = busy ? (this.o.busyMs ?? this.o.intervalMs) : this.o.intervalMs;
          this.schedule(this.wokenWhileRunning ? Math.min(next, this.o.wakeDelayMs ?? 0) : next);
        });
    }, ms);
    this.timer.unref?.();
  }

  /** Stop the timer and the signals; resolves when the pass in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const subs = this.unsubscribes;
    this.unsubscribes = null;
    if (this.running) await this.running;
    for (const off of (await subs) ?? []) await off();
  }
}
