// An answer given while the client is still sending its request's body closes the connection. A route
// that answers before reading the body (401, 409) or stops reading at a size limit (413,
// lib/api/read-body.ts) leaves the rest of that body unread. Node drains such a body itself only when
// nothing read from the request; once Next.js has handed the body to a route as a web stream and the
// route cancelled it, the rest stayed on the kept-alive connection and the client's next request on it
// was never answered (a 413 on sign-in, then any request: no answer). Draining instead would mean
// reading up to the whole oversized upload; closing costs one new connection, only after such answers.

/** Applies the policy to one request: call it before the request is handled. */
export function closeOnUnreadBody(req, res) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (!req.complete) this.shouldKeepAlive = false;
    return writeHead.apply(this, args);
  };
}
