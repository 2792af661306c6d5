// The production server's direct path to the JSON API: a request for one of our API routes goes
// straight to the route's handler, compiled by `next build` like any route, without Next.js's request
// pipeline around it. That pipeline (router, base server, app-route runtime with its request stores,
// NextRequest, a web-stream pipe into the Node response) cost ~2 ms of CPU for a request whose own
// work is ~0.3 ms (`bench:burst`'s floor rows, docs/security.md), and a burst of 200 inbox lists
// queues behind it on the one JavaScript thread.
//
// Why this is safe for our routes: every handler under app/api is `apiRoute`, `publicRoute` or a
// plain `(Request, { params }) => Response`; none reads Next's request stores (next/headers, cookies(),
// after()) — only pages do, and pages stay on Next. What is left to Next, exactly as before:
//   - /api/auth/* (better-auth's Next cookie plugin reads Next's request store);
//   - a method the route does not export (Next answers HEAD from GET, OPTIONS and 405 itself);
//   - any path the route table does not take as plain (./api-route-table.mjs);
//   - everything when the build's route modules do not have the shape this reads (checked per module:
//     a Next.js upgrade that changes it sends requests to Next and logs it once), or when
//     SWITCHYARD_DIRECT_API=off.
// The edge's policies (forwarding headers, request gauge, unread body, header flush, compression) run
// before this, as for every request. Like Next, it answers only once the server has booted
// (migrations, the embedded worker): until boot has begun requests go to Next, which waits for it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { findRoute, routeTable } from "./api-route-table.mjs";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
/** lib/server/boot.ts publishes its promise here: migrations and the worker's start. */
const BOOT_KEY = Symbol.for("switchyard.boot");
const EXCLUDED = ["/api/auth/"];

/** Whether the direct path is on for this environment (lib/env.ts: "on", the default, or "off"). */
export function directApiFrom(env) {
  return env.SWITCHYARD_DIRECT_API !== "off";
}

/** The Web Request a handler receives for a Node request (body as a stream, aborted on close). */
function toWebRequest(req, res) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const proto = req.socket?.encrypted ? "https" : "http";
  const url = `${proto}://${req.headers.host ?? "localhost"}${req.url}`;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
  });
}

/** The API's error body (lib/api/errors.ts) for what this edge refuses itself. */
function errorResponse(status, code, message) {
  return Response.json({ error: { code, message } }, { status });
}

/** Writes a Web Response to the Node response, streaming its body with backpressure. */
async function writeResponse(response, res) {
  res.statusCode = response.status;
  for (const [k, v] of response.headers) if (k !== "set-cookie") res.setHeader(k, v);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  const type = response.headers.get("content-type") ?? "";
  if (type.startsWith("application/json")) {
    // A JSON answer is whole when the handler returns it: one buffer, sent with its length in one
    // write, instead of a chunked stream pumped chunk by chunk. Exports and event streams stream.
    const body = Buffer.from(await response.arrayBuffer());
    if (!res.headersSent && !res.destroyed) res.setHeader("content-length", body.length);
    res.end(body);
    return;
  }
  // An event stream's headers go at once (./header-flush-policy.mjs), its events as they come.
  if (type.startsWith("text/event-stream")) res.flushHeaders();
  const reader = response.body.getReader();
  let closed = res.destroyed;
  const onClose = () => {
    closed = true;
    reader.cancel().catch(() => {});
  };
  res.once("close", onClose);
  try {
    while (!closed) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise((resolve) => {
          const go = () => {
            res.off("drain", go);
            res.off("close", go);
            resolve();
          };
          res.once("drain", go);
          res.once("close", go);
        });
      }
    }
  } finally {
    res.off("close", onClose);
  }
  if (!closed) res.end();
}

/**
 * The direct API path for the build in `distDir`: `(req, res) => Promise<boolean>`, true when it
 * answered the request, false when Next.js should (nothing of the request has been read then).
 * Null when the build has no app-paths manifest.
 */
export function createApiDispatch({ root, distDir, log = console }) {
  const serverDir = path.resolve(root, distDir, "server");
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(serverDir, "app-paths-manifest.json"), "utf8"));
  } catch {
    log.warn("[switchyard] no app-paths manifest in the build: every API request goes through Next.js");
    return null;
  }
  const table = routeTable(manifest, { excluded: EXCLUDED });
  log.info?.(`[switchyard] API requests go straight to ${table.length} route handlers (SWITCHYARD_DIRECT_API=off: through Next.js)`);
  const requireFromBuild = createRequire(path.join(serverDir, "index.js"));
  /** Per route file: its exported handlers, or null once it proved not to have the expected shape. */
  const handlers = new Map();

  async function handlersOf(route) {
    if (handlers.has(route.file)) return handlers.get(route.file);
    let found = null;
    try {
      const mod = requireFromBuild(path.join(serverDir, route.file));
      const routeModule = mod?.routeModule;
      if (routeModule && typeof routeModule.ensureUserland === "function") await routeModule.ensureUserland();
      const userland = routeModule?.userland;
      if (userland && typeof userland === "object") {
        found = {};
        for (const m of METHODS) if (typeof userland[m] === "function") found[m] = userland[m];
      }
    } catch (e) {
      log.warn(`[switchyard] route ${route.key} could not be loaded for the direct API path`, e);
    }
    if (!found) log.warn(`[switchyard] route ${route.key} has an unexpected shape: Next.js answers it`);
    handlers.set(route.file, found);
    return found;
  }

  let booted = false;
  /** Whether the server has booted; waits while it boots. False before boot began (Next waits for it). */
  async function ready() {
    if (booted) return true;
    const boot = globalThis[BOOT_KEY];
    if (!boot) return false;
    try {
      await boot;
    } catch {
      return false; // Next answers, as it does when its instrumentation failed
    }
    booted = true;
    return true;
  }

  return async function dispatch(req, res) {
    if (!req.url?.startsWith("/api/")) return false;
    if (!(await ready())) return false;
    const q = req.url.indexOf("?");
    const pathname = q === -1 ? req.url : req.url.slice(0, q);
    const hit = findRoute(table, pathname);
    if (!hit) return false;
    if (hit.miss === "none") {
      if (!pathname.startsWith("/api/v1/")) return false;
      await writeResponse(errorResponse(404, "not_found", "No API route at this address: see /api/v1/openapi.json."), res);
      return true;
    }
    if (!METHODS.has(req.method)) return false;
    const methods = await handlersOf(hit.route);
    const handler = methods?.[req.method];
    if (!handler) return false;
    let response;
    try {
      response = await handler(toWebRequest(req, res), { params: Promise.resolve(hit.params) });
      if (!(response instanceof Response)) throw new Error(`route ${hit.route.key} returned no Response`);
    } catch (e) {
      log.error("[switchyard] request failed", e);
      response = errorResponse(500, "internal", "Something went wrong on our side.");
    }
    await writeResponse(response, res);
    return true;
  };
}
