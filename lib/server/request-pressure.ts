// Whether requests are queueing in this process, for the embedded engine worker: scripts/serve.mjs
// counts the requests it has not begun to answer (scripts/request-gauge.mjs). While several wait,
// the worker claims no new runs (up to its yield limit, lib/engine/worker.ts), so the CPU goes to
// answering them first: in a burst of 200 run starts the worker advancing the new runs was about
// a third of the server's CPU (docs/security.md, "Bursts"). Outside scripts/serve.mjs (next dev,
// tests, `npm run worker`) there is no gauge and nothing waits.
import "server-only";

const GAUGE_KEY = Symbol.for("switchyard.waitingRequests");

/** Requests waiting for an answer at or above this count mean a queue, not ordinary service. */
export const QUEUED_REQUESTS = 4;

/** Requests this process has not begun to answer (0 without the gauge). */
export function waitingRequests(): number {
  const gauge = (globalThis as Record<symbol, unknown>)[GAUGE_KEY];
  return typeof gauge === "function" ? Number((gauge as () => number)()) : 0;
}

export function requestsQueued(): boolean {
  return waitingRequests() >= QUEUED_REQUESTS;
}
