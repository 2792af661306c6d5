// Issue 13, classes 4 and 5, on every API route that reads a body, on real databases: JSON nested
// 10,000 deep, a NUL byte, a lone surrogate, -1e400 and 1e400, and a 100 MB chunked body with no
// Content-Length each get a clear 4xx, and not one row of any table changes. The chunked body is
// generated only as the route pulls it, so the test also proves the route stopped reading at its
// limit (it pulls at most the limit plus one chunk) and that memory stays flat.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { routeSpecOf } from "@/lib/api/route-specs";
import { describeEachDb } from "@/tests/helpers/test-db";
import {
  callRoute,
  changedTables,
  chunkedBody,
  createRouteWorld,
  routeWorld,
  snapshotDb,
  type BodyRoute,
  type RouteWorld,
} from "./helpers/route-fixtures";
import { deepJson, firstStringPath, Gen, rawNumber, rng, serialise, setAt, type Json } from "./helpers/json-gen";

vi.mock("@/lib/auth/session", () => ({ resolveUser: async () => ({ user: routeWorld.user, method: "session" }) }));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => routeWorld.app }));

const MB = 1024 * 1024;

/** A plausible body for the route from its own schema (validity does not matter: the probe is refused first). */
function baseBody(route: BodyRoute): Json {
  const schema = z.toJSONSchema(route.spec.body!, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const v = new Gen(rng(7)).value(schema);
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length ? v : { name: "probe" };
}

interface Probe {
  name: string;
  body: (base: Json) => string;
  status: number;
  code: string;
}

/** Replace the first string in the body (a name, where the route has one) or add a `probe` field. */
function atText(base: Json, value: Json): string {
  return serialise(setAt(base, firstStringPath(base) ?? ["probe"], value));
}

const PROBES: Probe[] = [
  { name: "top-level array nested 10,000 deep", body: () => deepJson(10_000), status: 400, code: "malformed_json" },
  {
    name: "a field nested 10,000 deep",
    body: (b) => atText(b, rawNumber(deepJson(10_000, "object"))),
    status: 400,
    code: "malformed_json",
  },
  {
    name: "a field nested 65 deep (one past the limit)",
    body: (b) => atText(b, rawNumber(deepJson(64))),
    status: 400,
    code: "malformed_json",
  },
  { name: "a NUL byte in a name", body: (b) => atText(b, "Acme\u0000Corp"), status: 400, code: "invalid_request" },
  { name: "a lone high surrogate", body: (b) => atText(b, "Acme \ud83d"), status: 400, code: "invalid_request" },
  { name: "a lone low surrogate in a key", body: (b) => serialise(setAt(b, ["k\udc00"], 1)), status: 400, code: "invalid_request" },
  { name: "-1e400 (JSON.parse gives -Infinity)", body: (b) => atText(b, rawNumber("-1e400")), status: 400, code: "invalid_request" },
  { name: "1e400 deep inside", body: (b) => atText(b, rawNumber('{"a":[1,{"b":1e400}]}')), status: 400, code: "invalid_request" },
  { name: "truncated JSON", body: (b) => serialise(b).slice(0, -1), status: 400, code: "malformed_json" },
];

describeEachDb("bad input on every body route", (dialect) => {
  let w: RouteWorld;
  beforeAll(async () => {
    w = await createRouteWorld(dialect);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("covers every apiRoute under app/api that takes a body (a new one must be added to the fixtures)", async () => {
    const files = readdirSync("app/api", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
    const missing: string[] = [];
    let found = 0;
    const known = new Set<unknown>(w.routes.map((r) => r.handler));
    for (const f of files) {
      const mod = (await import(/* @vite-ignore */ path.resolve("app/api", f))) as Record<string, unknown>;
      for (const [method, handler] of Object.entries(mod)) {
        if (typeof handler !== "function" || !routeSpecOf(handler as () => unknown)?.body) continue;
        found++;
        if (!known.has(handler)) missing.push(`${method} ${f}`);
      }
    }
    expect(missing).toEqual([]);
    expect(found).toBe(w.routes.length);
  });

  it("refuses each hostile body with a clear 4xx and changes nothing", async () => {
    const before = await snapshotDb(w.h);
    const failures: string[] = [];
    for (const route of w.routes) {
      const base = baseBody(route);
      for (const p of PROBES) {
        const res = await callRoute(route, p.body(base));
        const json = (await res.json()) as { error?: { code?: string; message?: string } };
        if (res.status !== p.status || json.error?.code !== p.code) {
          failures.push(`${route.name} / ${p.name}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await snapshotDb(w.h))).toEqual([]);
  }, 60_000);

  it("names the field that holds the bad text or number", async () => {
    const route = w.routes.find((r) => r.name === "workflows.create")!;
    const nul = await callRoute(route, serialise({ name: "a\u0000b" }));
    expect(await nul.json()).toMatchObject({ error: { code: "invalid_request", details: [{ path: "name" }] } });
    const inf = await callRoute(
      w.routes.find((r) => r.name === "runs.start")!,
      `{"workflowId":"x","input":{"amount":-1e400}}`,
    );
    expect(inf.status).toBe(400);
    expect(await inf.json()).toMatchObject({ error: { details: [{ path: "input.amount" }] } });
  });

  it("stops reading a 100 MB chunked body at the route's limit, answers 413, and memory stays flat", async () => {
    const before = await snapshotDb(w.h);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peakGrowth = 0;
    for (const route of w.routes) {
      const limit = route.spec.maxBodyBytes ?? MB;
      const { stream, pulled } = chunkedBody(100 * MB);
      const res = await callRoute(route, stream);
      expect(res.status, route.name).toBe(413);
      expect((await res.json()) as unknown, route.name).toMatchObject({ error: { code: "payload_too_large" } });
      // At most the limit plus the chunk that crossed it (and one the stream may have queued).
      expect(pulled(), route.name).toBeLessThanOrEqual(limit + 2 * 64 * 1024);
      peakGrowth = Math.max(peakGrowth, process.memoryUsage().rss - rss0);
    }
    expect(peakGrowth).toBeLessThan(50 * MB);
    expect(changedTables(before, await snapshotDb(w.h))).toEqual([]);
  }, 60_000);

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const route = w.routes.find((r) => r.name === "users.create")!;
    const { stream, pulled } = chunkedBody(10 * MB);
    const req = new Request("http://localhost/api/v1/users", {
      method: "POST",
      headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json", "content-length": String(10 * MB) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await route.handler(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect(pulled()).toBe(0);
  });

  describe("names", () => {
    it("refuses control characters and direction overrides, and stores names in NFC", async () => {
      const create = w.routes.find((r) => r.name === "workflows.create")!;
      for (const name of ["bell\u0007", "tab\tname", "rtl \u202egnp.exe", "line\u2028break", "del\u007f"]) {
        const res = await callRoute(create, serialise({ name }));
        expect(res.status, JSON.stringify(name)).toBe(400);
      }
      const ok = await callRoute(create, serialise({ name: "  Cafe\u0301 flow  " }));
      expect(ok.status).toBe(201);
      const { workflow } = (await ok.json()) as { workflow: { id: string; name: string } };
      expect(workflow.name).toBe("Caf\u00e9 flow");
      const [row] = await w.h.db.sql.all<{ name: string }>(`SELECT "name" FROM "Workflow" WHERE "id"=?`, [workflow.id]);
      expect(row.name).toBe("Caf\u00e9 flow");
    });

    it("applies the same rules to user, credential and provider names and to comments", async () => {
      const before = await snapshotDb(w.h);
      const cases: [string, Json][] = [
        ["users.create", { name: "Ada\u0000", email: "ada@x.test", password: "password123", role: "viewer" }],
        ["users.create", { name: "Ada\u001b[31m", email: "ada@x.test", password: "password123", role: "viewer" }],
        ["credentials.create", { name: "CRM\u202e", secret: { type: "bearer", token: "t-1234567890" } }],
        ["credentials.patch", { name: "\u0085" }],
        ["providers.create", { name: "P\u0007", defaultModel: "m" }],
        ["providers.patch", { name: "\u2029" }],
        ["workflows.patch", { name: "W\u0000" }],
        ["tasks.comment", { body: "see \u0007 here" }],
      ];
      for (const [name, body] of cases) {
        const res = await callRoute(
          w.routes.find((r) => r.name === name)!,
          serialise(body),
        );
        expect(res.status, `${name} ${JSON.stringify(body)}`).toBe(400);
      }
      expect(changedTables(before, await snapshotDb(w.h))).toEqual([]);
      const comment = await callRoute(
        w.routes.find((r) => r.name === "tasks.comment")!,
        serialise({ body: "line one\nline two\ttabbed" }),
      );
      expect(comment.status).toBe(201);
    });
  });
});
