// A provider's concurrency and tokens-per-minute limits, shared by every worker through the database
// (lib/db/provider-limit-store.ts). A model call over a limit waits for a slot (polling with jitter,
// and woken at once when a call of this process ends) instead of failing: the step does not fail,
// spends no retry attempt and the worker's loop goes on claiming and advancing other runs, since the
// wait happens inside the step's effect. The waiting step holds one of the worker's effect slots
// (SWITCHYARD_WORKER_CONCURRENCY) and its run's lease is renewed as for any call in flight; a
// cancelled or timed-out step stops waiting. Providers without limits cost nothing here.
import { randomUUID } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { releaseProviderSlot, tryAcquireProviderSlot } from "@/lib/db/provider-limit-store";
import { RetryableError } from "@/lib/engine/errors";
import type { ProviderSecretConfig } from "./provider-schemas";

/** Slots lapse this long after the call's own timeout (a crashed worker's slot frees itself). */
const LEASE_GRACE_MS = 60_000;

const wakers = new Map<string, Set<() => void>>();

function wakeWaiters(providerId: string): void {
  const set = wakers.get(providerId);
  if (!set) return;
  wakers.delete(providerId);
  for (const fn of set) fn();
}

function waitFor(providerId: string, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let set = wakers.get(providerId);
    if (!set) wakers.set(providerId, (set = new Set()));
    const done = () => {
      clearTimeout(timer);
      set.delete(done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms * (0.75 + Math.random() * 0.5));
    set.add(done);
    signal.addEventListener("abort", done, { once: true });
  });
}

export function hasLimits(p: ProviderSecretConfig): boolean {
  return Boolean(p.maxConcurrency) || Boolean(p.tokensPerMinute);
}

export interface SlotOptions {
  holder: string;
  tokens: number;
  callTimeoutMs: number;
  signal: AbortSignal;
  /** Called once when the call first has to wait (the agent records it as a step event). */
  onWait?: (reason: "concurrency" | "tokens") => void;
}

/** Run `fn` inside a slot of the provider's limits (at once when the provider has none). */
export async function withProviderSlot<T>(db: SqlDb, provider: ProviderSecretConfig, o: SlotOptions, fn: () => Promise<T>): Promise<T> {
  if (!hasLimits(provider)) return fn();
  const id = randomUUID();
  let waited = false;
  for (;;) {
    if (o.signal.aborted) {
      const reason: unknown = o.signal.reason;
      throw reason instanceof RetryableError
        ? reason
        : new RetryableError(`Model provider "${provider.name}": stopped waiting for a free slot (step timeout or shutdown)`, {
            kind: "timeout",
            code: "timeout",
          });
    }
    const r = await tryAcquireProviderSlot(db, {
      id,
      providerId: provider.id,
      holder: o.holder,
      tokens: o.tokens,
      maxConcurrency: provider.maxConcurrency ?? null,
      tokensPerMinute: provider.tokensPerMinute ?? null,
      leaseMs: o.callTimeoutMs + LEASE_GRACE_MS,
    });
    if (r.ok) break;
    if (!waited) {
      waited = true;
      o.onWait?.(r.reason);
    }
    await waitFor(provider.id, r.waitMs, o.signal);
  }
  try {
    return await fn();
  } finally {
    await releaseProviderSlot(db, id).catch((e: unknown) => console.warn("[provider-limits] release failed; the slot lapses", String(e)));
    wakeWaiters(provider.id);
  }
}
