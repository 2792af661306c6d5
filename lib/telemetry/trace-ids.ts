// A run's trace id and root span id are derived from the run id: every process and every claim of
// the run (it may wait days for an approval between two) adds its spans to the same trace, and a
// log line carrying a run id names its trace without any context at hand.
import { sha256Hex } from "@/lib/security/hash";

const cache = new Map<string, { traceId: string; spanId: string }>();

export function runTraceIds(runId: string): { traceId: string; spanId: string } {
  const hit = cache.get(runId);
  if (hit) return hit;
  const h = sha256Hex(`switchyard-run:${runId}`);
  const ids = { traceId: h.slice(0, 32), spanId: h.slice(32, 48) };
  if (cache.size >= 10_000) cache.delete(cache.keys().next().value as string); // oldest first
  cache.set(runId, ids);
  return ids;
}

/** The W3C `traceparent` header of a span (sampled). */
export function traceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}
