// The body fuzzer's sibling for the other two inputs of every route: path parameters and the query
// string. Each route module under app/api/v1 (the OpenAPI route index, so a new route is covered
// without touching this file) is called once per hostile value in each path parameter and each
// declared query key: integers past int4 and past 2^53, negatives, exponents that overflow, NUL bytes,
// lone surrogates, 5,000-character strings, path tricks. The answer must be below 500, and a refused
// mutation must leave every table as it was. (PostgreSQL answers a NUL byte in a text parameter and an
// integer past int4 with an error, not "no such row": the route must refuse them before the query.)
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { z } from "zod";
import { describeEachDb } from "@/tests/helpers/test-db";
import { changedTables, createRouteWorld, routeWorld, snapshotDb, type RouteWorld } from "./helpers/route-fixtures";
import { routeLoaders } from "@/app/api/v1/openapi.json/route-index";
import { routeSpecOf } from "@/lib/api/route-specs";

vi.mock("@/lib/auth/session", () => ({ resolveUser: async () => ({ user: routeWorld.user, method: "session" }) }));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => routeWorld.app }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

const HOSTILE = [
  "2147483648",
  "9007199254740993",
  "99999999999999999999999",
  "-1",
  "1e400",
  "-1e400",
  "0x10",
  "NaN",
  "a\u0000b",
  "\u0000",
  "\ud800",
  "x".repeat(5000),
  "../../etc/passwd",
  " ",
];

function queryKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
  return Object.keys(json.properties ?? {});
}

function paramNames(folder: string): string[] {
  return [...folder.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
}

describeEachDb("route params and query fuzz", (dialect) => {
  let w: RouteWorld;
  beforeAll(async () => {
    w = await createRouteWorld(dialect);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("hostile path parameters and query values: never a 500, never a change on a 4xx", async () => {
    const { fx } = w;
    const valid: Record<string, string> = {
      workflowId: fx.workflowId,
      runId: fx.runId,
      taskId: fx.taskId,
      credentialId: fx.credentialId,
      providerId: fx.providerId,
      entryId: fx.memoryEntryId,
      userId: fx.adminId,
      version: "1",
      stepKey: "ap",
    };
    const problems: string[] = [];
    let calls = 0;

    const call = async (method: string, folder: string, params: Record<string, string>, query: Record<string, string>, what: string) => {
      const mod = (await routeLoaders[folder]()) as Record<string, unknown>;
      const handler = mod[method] as Handler;
      const url = new URL(`http://localhost/api/v1/${folder}`);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      const headers: Record<string, string> = { host: "localhost", origin: "http://localhost", "content-type": "application/json" };
      const init: RequestInit = { method, headers, body: method === "GET" || method === "DELETE" ? undefined : "{}" };
      calls++;
      // Reads may write too (an audit export records itself), so each mutation compares with the state just before it.
      const snap = method === "GET" ? null : await snapshotDb(w.h);
      const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
      const stream = (res.headers.get("content-type") ?? "").includes("text/event-stream");
      const text = stream ? "" : await res.text();
      if (stream) await res.body?.cancel();
      if (res.status >= 500) problems.push(`${method} ${folder} ${what}: ${res.status} ${text.slice(0, 160)}`);
      if (snap && res.status >= 400) {
        const changed = changedTables(snap, await snapshotDb(w.h));
        if (changed.length) problems.push(`${method} ${folder} ${what}: ${res.status} changed ${changed.join(", ")}`);
      }
    };

    for (const folder of Object.keys(routeLoaders).sort()) {
      const mod = (await routeLoaders[folder]()) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method] as Handler | undefined;
        if (typeof handler !== "function") continue;
        const spec = routeSpecOf(handler);
        const names = paramNames(folder);
        const base = Object.fromEntries(names.map((n) => [n, valid[n] ?? "no-such-id"]));
        for (const name of names) {
          for (const v of HOSTILE)
            await call(method, folder, { ...base, [name]: v }, {}, `param ${name}=${JSON.stringify(v.slice(0, 20))}`);
        }
        // Query values only on reads: a mutation with valid params could legitimately succeed.
        if (method !== "GET") continue;
        for (const key of queryKeys(spec?.query)) {
          for (const v of HOSTILE) await call(method, folder, base, { [key]: v }, `query ${key}=${JSON.stringify(v.slice(0, 20))}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(500);
  }, 300_000);
});
