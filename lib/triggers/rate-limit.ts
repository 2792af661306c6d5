// Per-webhook rate limit: a token bucket per trigger id, in this process's memory. Chosen over a
// database counter because every delivery would then write (and on PostgreSQL lock) one hot row, and
// the limit protects the server from floods rather than metering a quota. With several web processes
// (PostgreSQL) each allows the configured rate, so the effective limit is N × the setting.
const buckets = new Map<string, { tokens: number; atMs: number; perMinute: number }>();
const MAX_BUCKETS = 10_000;

/** Take one token; returns 0 when allowed, else the seconds to wait (Retry-After). */
export function takeToken(triggerId: string, perMinute: number, nowMs: number): number {
  let b = buckets.get(triggerId);
  if (!b || b.perMinute !== perMinute) {
    if (buckets.size >= MAX_BUCKETS) buckets.clear();
    b = { tokens: perMinute, atMs: nowMs, perMinute };
    buckets.set(triggerId, b);
  }
  const ratePerMs = perMinute / 60_000;
  b.tokens = Math.min(perMinute, b.tokens + (nowMs - b.atMs) * ratePerMs);
  b.atMs = nowMs;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000));
}

/** Tests: forget every bucket. */
export function resetRateLimits(): void {
  buckets.clear();
}
