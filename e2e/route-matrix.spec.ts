// Walks every route × every role and asserts the status code: signed out → 401 (API) or a redirect
// to sign-in (pages); a role that is not allowed → 403; an allowed role → neither (and never a 5xx).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { request as pwRequest } from "@playwright/test";
import { roles } from "@/lib/auth/roles";
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
