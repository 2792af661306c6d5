// The production HTTP server (`npm start` runs it after building): Next.js behind a thin edge that
// applies the forwarding-header policy (./forwarding-policy.mjs) before any route sees a request,
// keeps idle connections longer than a load balancer does (./keep-alive-policy.mjs),
// compresses pages and assets but not API answers (./compression-policy.mjs), and counts the requests
// waiting for an answer, so the embedded worker lets them go first (./request-gauge.mjs). An answer given
// before the request's body was read closes its connection (./unread-body-policy.mjs), and an answer's
// headers leave with its first body chunk, in one socket write (./header-flush-policy.mjs). Requests for
// our JSON API go straight to the compiled route handlers, past Next's request pipeline
// (./api-dispatch.mjs); pages, auth and anything unusual go to Next. A path that is not valid
// percent-encoding is a 400 here (./malformed-path-policy.mjs), not Next's 500.
// Serve the app with this, not with a bare `next start`, which would believe a client's headers.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { applyForwardingPolicy, trustProxyFrom } from "./forwarding-policy.mjs";
import { compressionFor } from "./compression-policy.mjs";
import { installRequestGauge } from "./request-gauge.mjs";
import { applyKeepAlive } from "./keep-alive-policy.mjs";
import { closeOnUnreadBody } from "./unread-body-policy.mjs";
import { sendHeadersWithBody } from "./header-flush-policy.mjs";
import { createApiDispatch, directApiFrom } from "./api-dispatch.mjs";
import { refuseMalformedPath } from "./malformed-path-policy.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = Number(process.env.PORT ?? 3000);
const trustProxy = trustProxyFrom(process.env);

const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();
const compress = compressionFor();
const track = installRequestGauge();
const direct = directApiFrom(process.env) ? createApiDispatch({ root, distDir: process.env.NEXT_DIST_DIR ?? ".next" }) : null;

function failed(res, e) {
  console.error("[switchyard] request failed", e);
  if (!res.headersSent) res.statusCode = 500;
  res.end();
}

const server = createServer((req, res) => {
  track(req, res);
  applyForwardingPolicy(req, trustProxy);
  closeOnUnreadBody(req, res);
  sendHeadersWithBody(res);
  compress(req, res);
  if (refuseMalformedPath(req, res)) return;
  if (!direct) {
    handle(req, res).catch((e) => failed(res, e));
    return;
  }
  direct(req, res)
    .then((answered) => (answered ? undefined : handle(req, res)))
    .catch((e) => failed(res, e));
});
applyKeepAlive(server);
server.listen(port, () => {
  console.log(`[switchyard] listening on http://localhost:${port}${trustProxy ? " (trusting proxy headers)" : ""}`);
});
