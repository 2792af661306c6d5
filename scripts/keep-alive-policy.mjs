// How long an idle keep-alive connection stays open. Node's default is 5 s: a client that reuses a
// pooled connection after about 5 s of quiet (Playwright's request context, a load balancer, an SDK
// with a keep-alive agent) can send its request at the moment the server closes the socket and get
// ECONNRESET for a request the server never saw. Load balancers keep idle connections for 60 s (AWS
// ALB's default), so the server must keep them longer than that; headersTimeout must exceed it too, or
// Node closes a reused socket whose next request has not begun while the keep-alive timer still runs.

const DEFAULT_KEEP_ALIVE_MS = 65_000;

/** The idle keep-alive timeout in milliseconds: SWITCHYARD_KEEP_ALIVE_MS (1 s to 10 min) or 65 s. */
export function keepAliveMsFrom(env) {
  const raw = env.SWITCHYARD_KEEP_ALIVE_MS;
  if (raw === undefined || raw === "") return DEFAULT_KEEP_ALIVE_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1_000 || ms > 600_000) {
    throw new Error(`SWITCHYARD_KEEP_ALIVE_MS must be a whole number of milliseconds from 1000 to 600000, not "${raw}"`);
  }
  return ms;
}

/** Applies the keep-alive policy to a node:http server. */
export function applyKeepAlive(server, env = process.env) {
  const ms = keepAliveMsFrom(env);
  server.keepAliveTimeout = ms;
  server.headersTimeout = ms + 1_000;
  return ms;
}
