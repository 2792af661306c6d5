// How many requests this server has not begun to answer: each counts from its arrival until its
// response headers are sent (or the connection closes). A long-lived stream (server-sent events)
// stops counting once its headers are out, so only requests that wait for work count.
//
// scripts/serve.mjs installs the gauge; the embedded engine worker reads it through
// lib/server/request-pressure.ts and leaves new runs for later while requests queue.

export const GAUGE_KEY = Symbol.for("switchyard.waitingRequests");

/** Installs the process-wide gauge; returns the (req, res) => void that tracks one request. */
export function installRequestGauge() {
  const pending = new Set();
  globalThis[GAUGE_KEY] = () => {
    let n = 0;
    for (const res of pending) {
      if (res.headersSent) pending.delete(res);
      else n++;
    }
    return n;
  };
  return (_req, res) => {
    pending.add(res);
    res.once("close", () => pending.delete(res));
  };
}
