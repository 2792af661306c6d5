// When an answer's headers go on the wire. Next.js calls res.flushHeaders() before the first chunk of
// every body (next/dist/server/pipe-readable.js), which writes the headers to the socket on their own:
// a small JSON answer took one socket write for its headers and another for its body. Here flushing
// fixes the headers (headersSent is true, nothing may change them) but sends them with the first body
// chunk, in one write. An event stream still sends its headers at once: its client waits for them
// before the first event, which may come much later.

/** Applies the policy to one response: call it before the request is handled. */
export function sendHeadersWithBody(res) {
  const flushHeaders = res.flushHeaders;
  res.flushHeaders = function () {
    if (isEventStream(this.getHeader("content-type"))) return flushHeaders.call(this);
    if (!this.headersSent) this.writeHead(this.statusCode);
  };
}

function isEventStream(type) {
  return typeof type === "string" && type.toLowerCase().startsWith("text/event-stream");
}
