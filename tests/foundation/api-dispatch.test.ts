// The production server's direct API path (scripts/api-dispatch.mjs): which requests it answers from
// the compiled route handlers and which it leaves to Next.js, and that what it writes is what the
// handler returned (status, headers, cookies, JSON in one piece, streams as they come, aborts on
// disconnect). Run against a build-shaped folder of route modules on a real HTTP server; every E2E
// test exercises it against the real build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { createApiDispatch, directApiFrom } from "@/scripts/api-dispatch.mjs";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { refuseMalformedPath } from "@/scripts/malformed-path-policy.mjs";
import { parseEnv } from "@/lib/env";
import { listenLocal, type LocalServer } from "@/tests/helpers/local-server";

type Dispatch = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

/** Route modules as `next build` emits them: CommonJS, `routeModule.userland` holds the handlers. */
const ROUTES: Record<string, string> = {
  "/api/health/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async () => Response.json({ ok: true }) } };`,
  "/api/v1/runs/[runId]/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async (req, ctx) => Response.json({ route: "run", params: await ctx.params, query: new URL(req.url).search }),
    POST: async (req, ctx) => Response.json({ route: "run", got: (await req.text()).length, params: await ctx.params }, { status: 201 }) } };`,
  "/api/v1/runs/stats/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async () => Response.json({ route: "stats" }) } };`,
  "/api/v1/files/[...path]/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async (req, ctx) => Response.json({ route: "files", params: await ctx.params }) } };`,
  "/api/v1/cookies/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async () => { const h = new Headers({ "content-type": "application/json" }); h.append("set-cookie", "a=1; Path=/"); h.append("set-cookie", "b=2; Path=/"); return new Response("{}", { headers: h }); } } };`,
  "/api/v1/throws/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async () => { throw new Error("boom"); } } };`,
  "/api/v1/export/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async () => { let i = 0; return new Response(new ReadableStream({ pull(c) { if (i < 3) c.enqueue(new TextEncoder().encode(JSON.stringify({ i: i++ }) + "\\n")); else c.close(); } }), { headers: { "content-type": "application/x-ndjson" } }); } } };`,
  "/api/v1/events/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async (req) => {
      globalThis.__sseState = { aborted: false, cancelled: false };
      req.signal.addEventListener("abort", () => { globalThis.__sseState.aborted = true; });
      return new Response(new ReadableStream({
        start(c) { c.enqueue(new TextEncoder().encode("event: ready\\n\\n")); },
        cancel() { globalThis.__sseState.cancelled = true; },
      }), { headers: { "content-type": "text/event-stream" } });
    } } };`,
  "/api/v1/odd/route": `exports.notARouteModule = true;`,
  "/api/auth/[...all]/route": `exports.routeModule = { async ensureUserland() {}, userland: {
    GET: async () => Response.json({ route: "auth" }) } };`,
  "/(app)/runs/page": `exports.page = true;`,
};

const BOOT_KEY = Symbol.for("switchyard.boot");
const g = globalThis as unknown as Record<symbol, Promise<void> | undefined>;
let dir: string;
let server: LocalServer;
let base: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "api-dispatch-"));
  const manifest: Record<string, string> = {};
  for (const [key, source] of Object.entries(ROUTES)) {
    const file = `app${key}.js`;
    manifest[key] = file;
    mkdirSync(path.dirname(path.join(dir, "server", file)), { recursive: true });
    writeFileSync(path.join(dir, "server", file), source);
  }
  writeFileSync(path.join(dir, "server", "app-paths-manifest.json"), JSON.stringify(manifest));
  g[BOOT_KEY] = Promise.resolve();
  const log = { warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  const dispatch = createApiDispatch({ root: dir, distDir: ".", log }) as Dispatch;
  server = await listenLocal((req, res) => {
    if ((refuseMalformedPath as (q: http.IncomingMessage, s: http.ServerResponse) => boolean)(req, res)) return;
    void dispatch(req, res).then((answered) => {
      if (answered) return;
      req.resume();
      res.statusCode = 299; // stands for "Next.js answers this"
      res.end("next");
    });
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  delete g[BOOT_KEY];
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the direct API path", () => {
  it("answers a route from its compiled handler, JSON in one piece with its length", async () => {
    const r = await fetch(`${base}/api/health`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-length")).toBe(String('{"ok":true}'.length));
    expect(r.headers.get("transfer-encoding")).toBeNull();
    expect(await r.json()).toEqual({ ok: true });
  });

  it("takes a static segment before a parameter, decodes parameters and passes the query on", async () => {
    expect(await (await fetch(`${base}/api/v1/runs/stats`)).json()).toEqual({ route: "stats" });
    expect(await (await fetch(`${base}/api/v1/runs/a%20b?x=1`)).json()).toEqual({ route: "run", params: { runId: "a b" }, query: "?x=1" });
    expect(await (await fetch(`${base}/api/v1/files/a/b%2Bc`)).json()).toEqual({ route: "files", params: { path: ["a", "b+c"] } });
  });

  it("streams a request body to the handler", async () => {
    const body = "x".repeat(200_000);
    const r = await fetch(`${base}/api/v1/runs/r1`, { method: "POST", body, headers: { "content-type": "text/plain" } });
    expect(r.status).toBe(201);
    expect(await r.json()).toEqual({ route: "run", got: body.length, params: { runId: "r1" } });
  });

  it("keeps every Set-Cookie header", async () => {
    const r = await fetch(`${base}/api/v1/cookies`);
    expect(r.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("answers a handler that throws with the API's 500 body, and logs it", async () => {
    const r = await fetch(`${base}/api/v1/throws`);
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({ error: { code: "internal", message: "Something went wrong on our side." } });
    expect(logged.some((m) => m.includes("request failed"))).toBe(true);
  });

  it("streams a body that is not JSON chunk by chunk", async () => {
    const r = await fetch(`${base}/api/v1/export`);
    expect(r.headers.get("transfer-encoding")).toBe("chunked");
    expect((await r.text()).trim().split("\n")).toEqual(['{"i":0}', '{"i":1}', '{"i":2}']);
  });

  it("sends an event stream's headers at once, and aborts the request and cancels the stream when the client goes", async () => {
    const state = () => (globalThis as unknown as { __sseState?: { aborted: boolean; cancelled: boolean } }).__sseState;
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${base}/api/v1/events`, (res) => {
        expect(res.headers["content-type"]).toBe("text/event-stream");
        res.once("data", (chunk: Buffer) => {
          resolve(chunk.toString());
          req.destroy();
        });
      });
      req.on("error", () => {});
      req.setTimeout(5000, () => reject(new Error("no event")));
    });
    expect(first).toBe("event: ready\n\n");
    await expect.poll(() => state()?.aborted).toBe(true);
    await expect.poll(() => state()?.cancelled).toBe(true);
  });

  it("refuses a path that is not valid percent-encoding with a 400 before anything reads it: JSON for the API, text for pages", async () => {
    for (const p of ["/api/v1/runs/%zz", "/api/auth/%E0%A4%A", "/api/nothing/%"]) {
      const r = await fetch(`${base}${p}?q=1`);
      expect(r.status, p).toBe(400);
      expect(await r.json()).toEqual({ error: { code: "invalid_request", message: "The address is not valid percent-encoding." } });
    }
    for (const p of ["/runs/%zz", "/inbox/%E0%A4%A"]) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).toBe(400);
      expect(await r.text()).toMatch(/not valid percent-encoding/);
    }
    expect((await fetch(`${base}/runs?x=%zz`)).status).toBe(299); // a query is the page's to read
  });

  it("answers an unknown /api/v1 address with a JSON 404", async () => {
    const r = await fetch(`${base}/api/v1/nothing/here`);
    expect(r.status).toBe(404);
    expect((await r.json()).error.code).toBe("not_found");
  });

  it("leaves to Next.js what it does not take as plain, auth, pages, other methods and odd modules", async () => {
    const toNext: [string, RequestInit?][] = [
      ["/api/v1/runs/stats/"], // trailing slash: Next redirects
      ["/api/v1//runs/x"],
      ["/api/v1/runs/a%2Fb"], // an encoded slash
      ["/runs/a%20b"], // a page
      ["/api/nothing"], // outside /api/v1: Next's 404 page
      ["/api/auth/sign-in"], // better-auth reads Next's request store
      ["/runs"],
      ["/api/v1/runs/r1", { method: "DELETE" }], // Next answers 405 with Allow
      ["/api/v1/runs/r1", { method: "HEAD" }],
      ["/api/v1/runs/r1", { method: "OPTIONS" }],
      ["/api/v1/odd"], // a module without the expected shape
    ];
    for (const [p, init] of toNext) {
      const r = await fetch(`${base}${p}`, init);
      expect(r.status, `${init?.method ?? "GET"} ${p}`).toBe(299);
    }
    expect(logged.some((m) => m.includes("/api/v1/odd/route"))).toBe(true);
  });

  it("answers only once the server has booted: before boot began Next answers, while it boots requests wait", async () => {
    const quiet = { warn() {}, error() {}, info() {} };
    const dispatch = createApiDispatch({ root: dir, distDir: ".", log: quiet }) as Dispatch;
    const answeredBy = async (): Promise<string> => {
      const local = await listenLocal((req, res) => {
        void dispatch(req, res).then((answered) => {
          if (!answered) res.end("next");
        });
      });
      try {
        return await (await fetch(`http://127.0.0.1:${local.port}/api/health`)).text();
      } finally {
        await local.close();
      }
    };
    const saved = g[BOOT_KEY];
    try {
      delete g[BOOT_KEY];
      expect(await answeredBy()).toBe("next");
      let finish!: () => void;
      g[BOOT_KEY] = new Promise<void>((r) => (finish = r));
      const pending = answeredBy();
      let settled = false;
      void pending.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(settled).toBe(false);
      finish();
      expect(await pending).toBe('{"ok":true}');
    } finally {
      g[BOOT_KEY] = saved;
    }
  });

  it("is on unless SWITCHYARD_DIRECT_API is off, as lib/env reads it, and needs a manifest", () => {
    for (const v of ["on", "off", undefined]) {
      expect(directApiFrom({ SWITCHYARD_DIRECT_API: v }), String(v)).toBe(
        parseEnv({ SWITCHYARD_DIRECT_API: v }).SWITCHYARD_DIRECT_API === "on",
      );
    }
    expect(() => parseEnv({ SWITCHYARD_DIRECT_API: "maybe" })).toThrow(/SWITCHYARD_DIRECT_API/);
    const empty = mkdtempSync(path.join(tmpdir(), "api-dispatch-empty-"));
    expect(createApiDispatch({ root: empty, distDir: ".", log: { warn() {}, error() {} } })).toBeNull();
    rmSync(empty, { recursive: true, force: true });
  });
});
