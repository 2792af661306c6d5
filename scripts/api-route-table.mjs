// Which compiled API route answers a path: the route table the production server's direct API path
// (./api-dispatch.mjs) builds from the build's app-paths manifest. Only plain paths match; anything
// Next.js would rewrite, redirect or refuse (a trailing slash, `//`, dot segments, an encoded slash,
// bad percent-encoding) matches nothing here, so Next answers it exactly as before.
//
// Precedence is Next's: at each segment a static name beats a `[param]`, which beats a catch-all.

/** One route: its manifest key ("/api/v1/runs/[runId]/route") parsed into segments. */
function parseRoute(key, file) {
  const segments = key
    .replace(/\/route$/, "")
    .split("/")
    .slice(1)
    .map((s) => {
      let m = /^\[\[\.\.\.(.+)\]\]$/.exec(s);
      if (m) return { kind: "optional-rest", name: m[1] };
      m = /^\[\.\.\.(.+)\]$/.exec(s);
      if (m) return { kind: "rest", name: m[1] };
      m = /^\[(.+)\]$/.exec(s);
      if (m) return { kind: "param", name: m[1] };
      return { kind: "static", name: s };
    });
  return { key, file, segments };
}

const RANK = { static: 0, param: 1, rest: 2, "optional-rest": 3 };

function compareRoutes(a, b) {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x) return -1;
    if (!y) return 1;
    if (RANK[x.kind] !== RANK[y.kind]) return RANK[x.kind] - RANK[y.kind];
  }
  return 0;
}

/**
 * The API routes of an app-paths manifest (`{ "/api/v1/tasks/route": "app/api/v1/tasks/route.js", … }`)
 * whose path starts with one of `prefixes` and none of `excluded`, most specific first.
 */
export function routeTable(manifest, { prefixes = ["/api/"], excluded = [] } = {}) {
  return Object.entries(manifest)
    .filter(([key]) => key.endsWith("/route"))
    .filter(([key]) => prefixes.some((p) => key.startsWith(p)) && !excluded.some((p) => key.startsWith(p)))
    .filter(([key]) => !key.split("/").some((s) => s.startsWith("(") || s.startsWith("@")))
    .map(([key, file]) => parseRoute(key, file))
    .sort(compareRoutes);
}

/**
 * The path's segments (raw and decoded), or null when the path is not one this table may answer
 * (a path that is not valid percent-encoding never reaches it: ./malformed-path-policy.mjs).
 */
function plainSegments(pathname) {
  if (!pathname.startsWith("/") || pathname.length < 2 || pathname.endsWith("/")) return null;
  const out = [];
  for (const raw of pathname.slice(1).split("/")) {
    if (raw === "" || raw === "." || raw === "..") return null;
    if (/%2f|%5c/i.test(raw) || raw.includes("\\")) return null;
    let value;
    try {
      value = decodeURIComponent(raw);
    } catch {
      return null;
    }
    out.push({ raw, value });
  }
  return out;
}

function matchRoute(route, segs) {
  const params = {};
  const { segments } = route;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.kind === "rest" || s.kind === "optional-rest") {
      const rest = segs.slice(i);
      if (rest.length === 0 && s.kind === "rest") return null;
      if (rest.length > 0) params[s.name] = rest.map((r) => r.value);
      return params;
    }
    const v = segs[i];
    if (v === undefined) return null;
    if (s.kind === "static") {
      if (v.raw !== s.name) return null;
    } else params[s.name] = v.value;
  }
  return segs.length === segments.length ? params : null;
}

/**
 * What answers `pathname`: `{ route, params }`; `{ miss: "none" }` for a plain path no route
 * takes; null for a path that is not plain (Next.js answers it: redirects, normalisation).
 */
export function findRoute(table, pathname) {
  const segs = plainSegments(pathname);
  if (segs === null) return null;
  for (const route of table) {
    const params = matchRoute(route, segs);
    if (params) return { route, params };
  }
  return { miss: "none" };
}
