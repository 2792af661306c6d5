// Attributes PostgreSQL round trips to engine operations, for the round-trip test and bench:engine.
// PgDb counts every statement, BEGIN and COMMIT; this ledger hooks that counter and charges each round
// trip to the operation whose async context issued it (AsyncLocalStorage), so concurrent work (the
// worker loop's idle polls, the benchmark's own progress queries) is never charged to a run. Production
// never installs the hook, so it costs one increment per statement there.
import { AsyncLocalStorage } from "node:async_hooks";
import type { PgDb } from "@/lib/db/sql";

/** One finished operation call: its round trips and what it returned. */
/**
 * The lease of a worker whose round trips are counted. The worker renews its leases every third of
 * it on a timer, and a renewal that fell inside a counted window was charged to the run (CI saw
 * `renewLeases: 1` once under load); at ten minutes the timer never fires during a test.
 */
export const COUNTED_LEASE_MS = 600_000;

export interface OpCall {
  op: string;
  trips: number;
  value: unknown;
}

export class RoundTripLedger {
  private readonly als = new AsyncLocalStorage<{ op: string; trips: number }>();
  private readonly trips = new Map<string, number>();
  private readonly calls = new Map<string, number>();
  /** Finished asynchronous calls, in completion order (cleared by reset). */
  readonly finished: OpCall[] = [];

  constructor(private readonly db: PgDb) {
    db.roundTrips.onRoundTrip = () => {
      const ctx = this.als.getStore();
      const op = ctx?.op ?? "unattributed";
      if (ctx) ctx.trips++;
      this.trips.set(op, (this.trips.get(op) ?? 0) + 1);
    };
  }

  /** Runs fn as operation `op` (an outer operation keeps the charge when operations nest). */
  run<T>(op: string, fn: () => T): T {
    if (this.als.getStore() !== undefined) return fn();
    this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
    const ctx = { op, trips: 0 };
    const out = this.als.run(ctx, fn);
    if (!(out instanceof Promise)) return out;
    return out.then((value: unknown) => {
      this.finished.push({ op, trips: ctx.trips, value });
      return value;
    }) as T;
  }

  /** The store with each method call charged to an operation named after the method. */
  wrap<S extends object>(store: S): S {
    return new Proxy(store, {
      get: (target, prop) => {
        const v: unknown = Reflect.get(target, prop, target);
        if (typeof v !== "function" || typeof prop !== "string") return v;
        return (...args: unknown[]) => this.run(prop, () => (v as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  }

  snapshot(): { trips: Record<string, number>; calls: Record<string, number> } {
    return { trips: Object.fromEntries(this.trips), calls: Object.fromEntries(this.calls) };
  }

  reset(): void {
    this.trips.clear();
    this.calls.clear();
    this.finished.length = 0;
  }

  detach(): void {
    this.db.roundTrips.onRoundTrip = null;
  }
}
