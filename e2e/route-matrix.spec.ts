// Walks every route × every role and asserts the status code: signed out → 401 (API) or a redirect
// to sign-in (pages); a role that is not allowed → 403; an allowed role → neither (and never a 5xx).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { request as pwRequest } from "@playwright/test";
import { roles, type Role } from "@/lib/auth/roles";
import { test, expect } from "./support/fixtures";
import { routeMatrix, type Method } from "./support/route-matrix";

const appDir = path.resolve(__dirname, "../app");

function discoverRoutes(dir = appDir, prefix = ""): { method: Method; pattern: string }[] {
  const out: { method: Method; pattern: string }[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const seg = /^\(.*\)$/.test(entry) ? "" : `/${entry}`;
      out.push(...discoverRoutes(full, prefix + seg));
    } else if (entry === "page.tsx") {
      out.push({ method: "GET", pattern: prefix || "/" });
    } else if (entry === "route.ts") {
      const src = readFileSync(full, "utf8");
      const methods = new Set<Method>();
      for (const m of src.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g))
        methods.add(m[1] as Method);
      for (const m of src.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1] as Method);
      for (const m of src.matchAll(/export\s+const\s+\{([^}]*)\}/g))
        for (const name of m[1].split(",").map((s) => s.trim()))
          if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) methods.add(name as Method);
      for (const method of methods) out.push({ method, pattern: prefix || "/" });
    }
  }
  return out;
}

function samplePath(pattern: string): string {
  return pattern.replace(/\[\.\.\.[^\]]+\]/g, "get-session").replace(/\[[^\]]+\]/g, "00000000-0000-4000-8000-000000000000");
}

test("every route in app/ has a row in the route matrix", () => {
  const known = new Set(routeMatrix.map((r) => `${r.method} ${r.pattern}`));
  const missing = discoverRoutes()
    .map((r) => `${r.method} ${r.pattern}`)
    .filter((k) => !known.has(k));
  expect(missing, "add these routes to e2e/support/route-matrix.ts").toEqual([]);
  const existing = new Set(discoverRoutes().map((r) => `${r.method} ${r.pattern}`));
  const stale = [...known].filter((k) => !existing.has(k));
  expect(stale, "these matrix rows name routes that no longer exist").toEqual([]);
});

test("route × role status codes", async ({ apiAs, baseURL }) => {
  test.setTimeout(180_000);
  const anon = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL ?? "" } });
  const failures: string[] = [];
  for (const row of routeMatrix) {
    if (row.allowed === "public") continue;
    const url = samplePath(row.pattern);
    const isApi = row.pattern.startsWith("/api/");
    const send = (ctx: typeof anon) => ctx.fetch(url, { method: row.method, data: row.method === "GET" ? undefined : {}, maxRedirects: 0 });
    const a = await send(anon);
    const anonOk = isApi ? a.status() === 401 : a.status() === 307 && /\/(sign-in|setup)/.test(a.headers()["location"] ?? "");
    if (!anonOk) failures.push(`signed out ${row.method} ${url} → ${a.status()}`);
    for (const role of roles) {
      const res = await send(await apiAs(role));
      const s = res.status();
      const allowed = row.allowed.includes(role);
      if (allowed && (s === 401 || s === 403 || s >= 500)) failures.push(`${role} ${row.method} ${url} → ${s} (should be allowed)`);
      if (!allowed && s !== 403) failures.push(`${role} ${row.method} ${url} → ${s} (should be 403)`);
    }
  }
  await anon.dispose();
  expect(failures).toEqual([]);
});

test("route × role status codes with an API key of each role", async ({ apiAs, baseURL }) => {
  test.setTimeout(180_000);
  // One key per role, each minted by a user of that role through the API (a session).
  const keys = new Map<Role, string>();
  for (const role of roles) {
    const res = await (await apiAs(role)).post("/api/v1/api-keys", { data: { name: `matrix ${role}`, role } });
    expect(res.status(), `create a ${role} key`).toBe(201);
    keys.set(role, ((await res.json()) as { secret: string }).secret);
  }
  const failures: string[] = [];
  for (const row of routeMatrix) {
    if (row.allowed === "public" || !row.pattern.startsWith("/api/v1/")) continue;
    const url = samplePath(row.pattern);
    for (const role of roles) {
      // No cookies, no Origin: only the key authenticates.
      const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${keys.get(role)}` } });
      const res = await ctx.fetch(url, { method: row.method, data: row.method === "GET" ? undefined : {}, maxRedirects: 0 });
      const s = res.status();
      await ctx.dispose();
      const allowed = !row.sessionOnly && row.allowed.includes(role);
      if (allowed && (s === 401 || s === 403 || s >= 500)) failures.push(`${role} key ${row.method} ${url} → ${s} (should be allowed)`);
      if (!allowed && s !== 403) failures.push(`${role} key ${row.method} ${url} → ${s} (should be 403)`);
    }
  }
  // A revoked key is refused everywhere at once.
  const anyKey = keys.get("viewer")!;
  const admin = await apiAs("admin");
  const listed = (await (await admin.get("/api/v1/api-keys")).json()) as { keys: { id: string; name: string }[] };
  const viewerKey = listed.keys.find((k) => k.name === "matrix viewer")!;
  expect((await admin.delete(`/api/v1/api-keys/${viewerKey.id}`)).status()).toBe(200);
  const after = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${anyKey}` } });
  expect((await after.get("/api/v1/workflows")).status()).toBe(401);
  await after.dispose();
  expect(failures).toEqual([]);
});
