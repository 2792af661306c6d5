// Which forwarding headers the app may believe, decided once at the edge for every request.
//
// Next.js keeps a client's own X-Forwarded-For / X-Forwarded-Host (it only fills them in when they
// are missing), so without a reverse proxy any client could pretend to be another address or host.
// Unless SWITCHYARD_TRUST_PROXY is set, the edge deletes them (Next then fills X-Forwarded-For from
// the socket and X-Forwarded-Host from Host). Either way the socket address is passed on in
// PEER_HEADER, overwriting whatever a client sent under that name.

export const PEER_HEADER = "x-switchyard-peer";

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** Same reading as lib/env.ts (true or 1). */
export function trustProxyFrom(env) {
  const v = env.SWITCHYARD_TRUST_PROXY;
  return v === "true" || v === "1";
}

/** Applies the policy to a Node IncomingMessage-like { headers, socket } in place. */
export function applyForwardingPolicy(req, trustProxy) {
  if (!trustProxy) for (const h of FORWARDING_HEADERS) delete req.headers[h];
  const peer = req.socket?.remoteAddress;
  if (peer) req.headers[PEER_HEADER] = peer;
  else delete req.headers[PEER_HEADER];
}
