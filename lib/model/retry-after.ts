// The Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Used by the HTTP node and
// the model client so that a 429 or 503 is retried no sooner than the remote asked. Isomorphic.

/** Longest wait we honour; a remote asking for more gets this (the step's retry policy still applies). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  if (!/[A-Za-z]/.test(v)) return undefined; // an HTTP date names its day and month
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
