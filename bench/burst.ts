// `npm run bench:burst`: behaviour under bursts, one JSON object per line (with the load average).
// SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (a fresh database is created and dropped).
// One function per scenario; `npm run bench:burst -- <scenario>` runs one (BURST_DB=sqlite|postgresql: one database).
//   expr-isolation — 10 runs evaluating hostile expressions (catastrophic-backtracking regexes and a
//                    quadratic builtin call) on the in-process engine worker, while a loop requests
//                    GET /health from an HTTP server in the same process: p95/max of those requests
//                    (target p95 < 100 ms), and how the runs ended.
//   burst-start  — 200 concurrent POST /api/v1/runs (session cookie) against a production server
//                  (scripts/serve.mjs, as `npm start` runs it, on a fresh data dir): errors, p95/max
//                  latency, web-process RSS growth. Targets: 0 errors, p95 ≤ 1,000 ms, RSS growth ≤ 100 MB.
//   burst-inbox  — 200 concurrent GET /api/v1/tasks on that server with 200 open tasks. Targets: 0
//                  errors, p95 ≤ 500 ms, RSS growth ≤ 100 MB. Then burst-inbox-floor rows: the same
//                  burst of GET /api/health and of one-task pages, what the server costs per request
//                  without the 50-task page.
//   body-limits  — chunked 100 MB bodies (no Content-Length), five per route family: every one must be
//                  refused at its limit (413, or the connection cut after the answer) and RSS growth
//                  per family must stay ≤ 50 MB.
// The server rows also give server_cpu_ms: the CPU time (user + system, all threads) the server
// spent during the burst, and server_cpu_ms_per_req (with pg_cpu_ms_per_req and pg_xacts_per_req for
// the database on PostgreSQL). On a shared machine latency depends on what else runs; these do not much.
// Server scenarios need a production build in NEXT_DIST_DIR (default .next-burst): the bench builds it
// first (tsconfig.json and next-env.d.ts are kept byte for byte) unless BURST_SKIP_BUILD=1.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createTestDb, type Dialect, type TestDatabase } from "@/tests/helpers/fresh-db";
import { keepingTsconfig } from "@/scripts/lib/keep-tsconfig";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { startRun } from "@/lib/engine/run-service";
import { graph, publish } from "@/tests/engine/helpers/graph";

const root = process.cwd();
const distDir = process.env.NEXT_DIST_DIR ?? ".next-burst";
const port = Number(process.env.BENCH_PORT ?? 3108);
const base = `http://127.0.0.1:${port}`;
const origin = { origin: base, host: `127.0.0.1:${port}` };
const MB = 1024 * 1024;
const BURST = 200;

function emit(o: Record<string, unknown>): void {
  const loadavg = os.loadavg().map((x) => Math.round(x * 100) / 100);
  process.stdout.write(`${JSON.stringify({ ...o, loadavg, load_avg_1m: loadavg[0] })}\n`);
}

const round = (x: number) => Math.round(x * 10) / 10;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// ---------- the production server ----------

function buildOnce(): void {
  if (process.env.BURST_SKIP_BUILD === "1") return;
  const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };
  const r = keepingTsconfig(root, () =>
    spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, env, stdio: ["ignore", 2, 2] }),
  );
  if (r.status !== 0) throw new Error(`next build failed (${r.status})`);
}

/** Resident memory of a process and its descendants, in bytes. */
function rssOfTree(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += m ? Number(m[1]) : 0;
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
      }
    } catch {
      /* the process ended */
    }
  };
  visit(pid);
  return kb * 1024;
}

/**
 * CPU time (user + system) used so far by a process and its descendants, in ms. The burst's CPU
 * time is what the server spent on it whatever else the machine was doing; its latency is not.
 */
function cpuMsOfTree(pid: number, only: "all" | "system" = "all"): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let ms = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ms += ((only === "all" ? Number(f[11]) : 0) + Number(f[12])) * tick; // utime, stime (fields 14 and 15)
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
      }
    } catch {
      /* the process ended */
    }
  };
  visit(pid);
  return ms;
}

interface Server {
  proc: ChildProcess;
  /** Session cookie of the first admin (created through /api/setup). */
  cookie: string;
  rss(): number;
  cpuMs(): number;
  /** The kernel's share of cpuMs (system time: sockets, files). */
  sysCpuMs(): number;
  stop(): Promise<void>;
}

async function waitHealthy(deadlineMs: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadlineMs) throw new Error("server did not become healthy");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** scripts/serve.mjs on the given database and a fresh data dir, with a signed-in admin. */
async function startServer(db: TestDatabase): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-burst-"));
  // Diagnosis: BURST_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server, and
  // bench/profile-layers.ts splits one burst of that profile by layer (Next.js, Node, our code).
  const nodeArgs = (process.env.BURST_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(root, "scripts/serve.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      NEXT_DIST_DIR: distDir,
      DATABASE_URL: db.url,
      SWITCHYARD_SECRET_KEY_FILE: path.join(dir, "secret.key"),
      SWITCHYARD_AUTH_SECRET: randomBytes(32).toString("hex"),
      SWITCHYARD_SIGNIN_RATE_LIMIT: "10000",
      SWITCHYARD_SIGNIN_ACCOUNT_LIMIT: "10000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(Date.now() + 120_000);
    const account = { name: "Admin", email: "admin@bench.test", password: "password123" };
    const setup = await fetch(`${base}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", ...origin },
      body: JSON.stringify(account),
    });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", ...origin },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return {
      proc,
      cookie,
      rss: () => rssOfTree(proc.pid!),
      cpuMs: () => cpuMsOfTree(proc.pid!),
      sysCpuMs: () => cpuMsOfTree(proc.pid!, "system"),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function api(server: Server, method: string, urlPath: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${urlPath}`, {
    method,
    headers: { ...origin, cookie: server.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectStatus(res: Response, status: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** A published workflow whose runs park on one approval the admin role may decide. */
async function approvalWorkflow(server: Server): Promise<string> {
  const created = (await expectStatus(await api(server, "POST", "/api/v1/workflows", { name: "Burst" }), 201, "create workflow")) as {
    workflow: { id: string };
  };
  const id = created.workflow.id;
  const draft = (await expectStatus(await api(server, "GET", `/api/v1/workflows/${id}`), 200, "get workflow")) as {
    workflow: { draft: { revision: number } };
  };
  const graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object" } } },
      {
        id: "review",
        kind: "approval",
        name: "Review",
        position: { x: 320, y: 0 },
        config: {
          assignees: { users: [], roles: ["admin"] },
          instructions: "Check the request.",
          payload: "$.input",
          quorum: 1,
          rejectionPolicy: "any_rejects",
          separationOfDuties: false,
          escalation: [],
        },
      },
      { id: "end", kind: "end", name: "End", position: { x: 640, y: 0 }, config: { output: "$.steps.Review.output" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "review", targetHandle: "in" },
      { id: "e2", source: "review", sourceHandle: "approved", target: "end", targetHandle: "in" },
      { id: "e3", source: "review", sourceHandle: "rejected", target: "end", targetHandle: "in" },
    ],
  };
  const patch = { graph, expectedRevision: draft.workflow.draft.revision };
  await expectStatus(await api(server, "PATCH", `/api/v1/workflows/${id}`, patch), 200, "save draft");
  await expectStatus(await api(server, "POST", `/api/v1/workflows/${id}/publish`, { message: "burst" }), 201, "publish");
  return id;
}

/** Fires `n` requests at once; latency of each, and how many failed (wrong status or network error). */
async function burst(
  n: number,
  fire: (i: number) => Promise<Response>,
  okStatus: number,
): Promise<{ lat: number[]; errors: number; statuses: Record<string, number> }> {
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = performance.now();
      let status = "network";
      try {
        const res = await fire(i);
        await res.arrayBuffer();
        status = String(res.status);
      } catch {
        /* counted below */
      }
      lat.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== String(okStatus)) errors++;
    }),
  );
  return { lat, errors, statuses };
}

/**
 * On PostgreSQL, what the database spent on a burst: CPU time of the backends serving this database
 * (from /proc when PostgreSQL runs on this machine, else null) and committed transactions (each
 * statement outside BEGIN…COMMIT is one, so per request this is about its round trips).
 */
async function pgSide(db: TestDatabase): Promise<() => Promise<{ pg_backend_cpu_ms: number | null; pg_xacts: number }>> {
  if (db.dialect !== "postgresql") return async () => ({ pg_backend_cpu_ms: null, pg_xacts: 0 });
  const backends = async () =>
    (
      await db.sql.all<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
    ).map((r) => Number(r.pid));
  const cpuOf = (pids: number[]) => new Map(pids.map((p) => [p, cpuMsOfProc(p)]));
  const xacts = async () => {
    // pg_stat_database is flushed at most once a second; a fresh snapshot of it per call
    await db.sql.all(`SELECT pg_stat_clear_snapshot()`);
    const r = await db.sql.all<{ n: number }>(`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`);
    return Number(r[0]?.n ?? 0);
  };
  await new Promise((r) => setTimeout(r, 1100));
  const before = cpuOf(await backends());
  const x0 = await xacts();
  return async () => {
    const after = cpuOf(await backends());
    let ms: number | null = 0;
    for (const [pid, c] of after) {
      if (c === null) ms = null;
      else if (ms !== null) ms += c - (before.get(pid) ?? 0);
    }
    await new Promise((r) => setTimeout(r, 1100));
    return { pg_backend_cpu_ms: ms === null ? null : Math.round(ms), pg_xacts: (await xacts()) - x0 - 2 };
  };
}

/** CPU time (user + system) of one process in ms, or null when it cannot be read. */
function cpuMsOfProc(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * The burst's CPU time in total and per request: the server process (all threads) and, on PostgreSQL,
 * the database backends. With the 200 requests arriving at once, p95 is about the burst's CPU time
 * over the cores it can use, so CPU per request is the figure that does not depend on the machine's load.
 */
function cpuFields(
  cpuMs: number,
  sysCpuMs: number,
  pg: { pg_backend_cpu_ms: number | null; pg_xacts: number } | null,
): Record<string, number | null> {
  const per = (ms: number) => Math.round((ms / BURST) * 100) / 100;
  return {
    server_cpu_ms: Math.round(cpuMs),
    server_sys_cpu_ms: Math.round(sysCpuMs),
    server_cpu_ms_per_req: per(cpuMs),
    ...(pg
      ? {
          ...pg,
          pg_cpu_ms_per_req: pg.pg_backend_cpu_ms === null ? null : per(pg.pg_backend_cpu_ms),
          pg_xacts_per_req: per(pg.pg_xacts),
        }
      : {}),
  };
}

/** Samples the server's RSS every 50 ms while fn runs (the peak minus the baseline taken before), and the CPU time it used. */
async function withRssPeak<T>(
  server: Server,
  fn: () => Promise<T>,
): Promise<{ out: T; baselineMb: number; growthMb: number; cpuMs: number; sysCpuMs: number }> {
  const baseline = server.rss();
  const cpu0 = server.cpuMs();
  const sys0 = server.sysCpuMs();
  // Profiling: the burst's window on the monotonic clock V8's CPU profiles use (stderr), so a
  // profile of the server can be cut to the burst.
  const profiling = Boolean(process.env.BURST_SERVER_NODE_ARGS);
  const mono0 = process.hrtime.bigint() / 1000n;
  let peak = baseline;
  const poll = setInterval(() => (peak = Math.max(peak, server.rss())), 50);
  try {
    const out = await fn();
    if (profiling) process.stderr.write(`burst window (monotonic µs): ${mono0} ${process.hrtime.bigint() / 1000n}\n`);
    peak = Math.max(peak, server.rss());
    return {
      out,
      baselineMb: round(baseline / MB),
      growthMb: round((peak - baseline) / MB),
      cpuMs: server.cpuMs() - cpu0,
      sysCpuMs: server.sysCpuMs() - sys0,
    };
  } finally {
    clearInterval(poll);
  }
}

async function openTasks(server: Server): Promise<number> {
  const r = (await expectStatus(await api(server, "GET", "/api/v1/inbox/count"), 200, "inbox count")) as { count: number };
  return r.count;
}

async function waitForOpenTasks(server: Server, n: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await openTasks(server)) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} open tasks after 5 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---------- scenarios ----------

/** An HTTP health endpoint in this process and a client loop measuring its latency until stopped. */
async function healthLoop(): Promise<{ stop(): Promise<number[]> }> {
  const server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const lat: number[] = [];
  let running = true;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get({ host: "127.0.0.1", port, path: "/health", agent }, (res) => {
          res.resume();
          res.on("end", () => {
            lat.push(performance.now() - t0);
            resolve();
          });
        })
        .on("error", reject);
    });
  const loop = (async () => {
    while (running) {
      await get();
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      await new Promise((r) => server.close(r));
      return lat;
    },
  };
}

async function exprIsolation(db: TestDatabase, dialect: Dialect): Promise<void> {
  const RUNS = 10;
  const store = new SqlEngineStore(db.sql);
  const notifier = new LocalNotifier();
  const worker = new Worker({ store, notifier, concurrency: 16, leaseMs: 30_000, pollMs: 1000, log: () => undefined });
  await worker.start({ register: false });
  const doc = (expr: string) => graph().start().transform("t", expr).end("end", "$.steps.t.output").chain("start", "t", "end").build();
  const hostile = [
    await publish(db.sql, doc("$match($.input.s, /(a+)+$/)")),
    await publish(db.sql, doc("$count($split($.input.s, /(a|aa)+$/))")),
    await publish(db.sql, doc("$distinct([1..100000])")),
  ];
  try {
    const health = await healthLoop();
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { versionId } = hostile[i % hostile.length];
      ids.push((await startRun({ store, notifier }, { versionId, input: { s: "a".repeat(5000) + "!" }, initiatorId: null })).id);
    }
    const status: Record<string, number> = {};
    const deadline = Date.now() + 300_000;
    for (const id of ids) {
      for (;;) {
        const r = await store.getRun(id);
        if (r && (r.status === "succeeded" || r.status === "failed")) {
          status[r.status] = (status[r.status] ?? 0) + 1;
          break;
        }
        if (Date.now() > deadline) throw new Error(`run ${id} did not finish`);
        await new Promise((res) => setTimeout(res, 20));
      }
    }
    const ms = performance.now() - t0;
    const lat = await health.stop();
    emit({
      scenario: "expr-isolation",
      db: dialect,
      runs: RUNS,
      health_requests: lat.length,
      health_p95_ms: round(pct(lat, 95)),
      health_max_ms: round(Math.max(...lat)),
      runs_succeeded: status.succeeded ?? 0,
      runs_failed: status.failed ?? 0,
      ms: Math.round(ms),
    });
  } finally {
    await worker.stop({ graceMs: 5000 });
  }
}

async function burstStart(db: TestDatabase, dialect: Dialect): Promise<void> {
  const server = await startServer(db);
  try {
    const workflowId = await approvalWorkflow(server);
    // Warm the route (code loading is not what is measured).
    for (let i = 0; i < 3; i++)
      await expectStatus(await api(server, "POST", "/api/v1/runs", { workflowId, input: { i } }), 201, "warm start");
    await waitForOpenTasks(server, 3);
    const pgDone = await pgSide(db);
    const t0 = performance.now();
    const { out, baselineMb, growthMb, cpuMs, sysCpuMs } = await withRssPeak(server, () =>
      burst(BURST, (i) => api(server, "POST", "/api/v1/runs", { workflowId, input: { i } }), 201),
    );
    const ms = performance.now() - t0;
    const pgCost = await pgDone();
    emit({
      scenario: "burst-start",
      db: dialect,
      requests: BURST,
      errors: out.errors,
      statuses: out.statuses,
      p50_ms: Math.round(pct(out.lat, 50)),
      p95_ms: Math.round(pct(out.lat, 95)),
      max_ms: Math.round(Math.max(...out.lat)),
      burst_ms: Math.round(ms),
      ...cpuFields(cpuMs, sysCpuMs, dialect === "postgresql" ? pgCost : null),
      rss_baseline_mb: baselineMb,
      rss_growth_mb: growthMb,
    });
  } finally {
    await server.stop();
  }
}

async function burstInbox(db: TestDatabase, dialect: Dialect): Promise<void> {
  const server = await startServer(db);
  try {
    const workflowId = await approvalWorkflow(server);
    for (let i = 0; i < BURST; i++)
      await expectStatus(await api(server, "POST", "/api/v1/runs", { workflowId, input: { i } }), 201, "seed start");
    await waitForOpenTasks(server, BURST);
    for (let i = 0; i < 3; i++) await expectStatus(await api(server, "GET", "/api/v1/tasks"), 200, "warm list");
    const pgDone = await pgSide(db);
    const t0 = performance.now();
    const { out, baselineMb, growthMb, cpuMs, sysCpuMs } = await withRssPeak(server, () =>
      burst(BURST, () => api(server, "GET", "/api/v1/tasks"), 200),
    );
    const ms = performance.now() - t0;
    const pgCost = await pgDone();
    emit({
      scenario: "burst-inbox",
      db: dialect,
      requests: BURST,
      open_tasks: BURST,
      errors: out.errors,
      statuses: out.statuses,
      p50_ms: Math.round(pct(out.lat, 50)),
      p95_ms: Math.round(pct(out.lat, 95)),
      max_ms: Math.round(Math.max(...out.lat)),
      burst_ms: Math.round(ms),
      ...cpuFields(cpuMs, sysCpuMs, dialect === "postgresql" ? pgCost : null),
      rss_baseline_mb: baselineMb,
      rss_growth_mb: growthMb,
    });
    await inboxFloor(server, dialect);
  } finally {
    await server.stop();
  }
}

/**
 * What the inbox burst cannot go below on this server: the same burst of GET /api/health (no
 * auth, no database: Next's own handling of a request) and of one-task pages (auth, route and list
 * queries with almost no rows). The inbox row's CPU per request minus these is what its 50-task
 * page costs; the p95 of a burst is about its CPU on the one JavaScript thread.
 */
async function inboxFloor(server: Server, dialect: Dialect): Promise<void> {
  const kinds = [
    ["health", () => fetch(`${base}/api/health`)],
    ["tasks-limit-1", () => api(server, "GET", "/api/v1/tasks?limit=1")],
  ] as const;
  for (const [request, fire] of kinds) {
    for (let i = 0; i < 3; i++) await (await fire()).arrayBuffer();
    const { out, cpuMs, sysCpuMs } = await withRssPeak(server, () => burst(BURST, fire, 200));
    emit({
      scenario: "burst-inbox-floor",
      db: dialect,
      request,
      requests: BURST,
      errors: out.errors,
      p50_ms: Math.round(pct(out.lat, 50)),
      p95_ms: Math.round(pct(out.lat, 95)),
      ...cpuFields(cpuMs, sysCpuMs, null),
    });
  }
}

/** Streams up to `total` bytes chunked; stops when the server answers. Resolves with the status (0: cut off) and bytes sent. */
function chunkedPost(urlPath: string, headers: Record<string, string>, total: number): Promise<{ status: number; sentMb: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    const req = http.request(`${base}${urlPath}`, { method: "POST", headers: { "content-type": "application/json", ...headers } });
    const timer = setTimeout(() => req.destroy(new Error("timeout")), 60_000);
    req.on("response", (res) => {
      answered = true;
      res.resume();
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, sentMb: round(sent / MB) });
      });
    });
    // The server may close the connection once it has answered, while we are still writing: a reset
    // before the response was parsed counts as "cut off" (status 0), not as a failure of the bench.
    req.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (answered) return;
      if (e.code === "ECONNRESET" || e.code === "EPIPE") resolve({ status: 0, sentMb: round(sent / MB) });
      else reject(e);
    });
    req.write('{"x":"');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end('"}');
    };
    pump();
  });
}

async function bodyLimits(db: TestDatabase, dialect: Dialect): Promise<void> {
  const server = await startServer(db);
  try {
    const authed = { ...origin, cookie: server.cookie };
    const routes: [string, string, Record<string, string>][] = [
      ["auth sign-in (no account)", "/api/auth/sign-in/email", origin],
      ["setup (already set up)", "/api/setup", origin],
      ["v1 without a session", "/api/v1/workflows", origin],
      ["v1 workflows create", "/api/v1/workflows", authed],
      ["v1 workflow import (4 MiB)", "/api/v1/workflows/import", authed],
      ["v1 runs start", "/api/v1/runs", authed],
      ["v1 users create", "/api/v1/users", authed],
    ];
    // Warm every route once so code loading is not counted as growth.
    for (const [, p, h] of routes) await chunkedPost(p, h, 2 * MB);
    const baseline = server.rss();
    let peak = baseline;
    let worst = 0;
    const poll = setInterval(() => (peak = Math.max(peak, server.rss())), 50);
    try {
      for (const [name, p, h] of routes) {
        const results = [];
        for (let i = 0; i < 5; i++) results.push(await chunkedPost(p, h, 100 * MB));
        const growth = (Math.max(peak, server.rss()) - baseline) / MB;
        worst = Math.max(worst, growth);
        emit({
          scenario: "body-limits",
          db: dialect,
          route: name,
          statuses: [...new Set(results.map((r) => r.status))],
          max_sent_mb: Math.max(...results.map((r) => r.sentMb)),
          rss_baseline_mb: round(baseline / MB),
          rss_growth_mb: round(growth),
        });
      }
    } finally {
      clearInterval(poll);
    }
    emit({ scenario: "body-limits", db: dialect, route: "all (worst)", rss_growth_mb: round(worst), within_50mb: worst <= 50 });
  } finally {
    await server.stop();
  }
}

const SCENARIOS: Record<string, (db: TestDatabase, dialect: Dialect) => Promise<void>> = {
  "expr-isolation": exprIsolation,
  "burst-start": burstStart,
  "burst-inbox": burstInbox,
  "body-limits": bodyLimits,
};
const SERVER_SCENARIOS = new Set(["burst-start", "burst-inbox", "body-limits"]);

async function main(): Promise<void> {
  const all: Dialect[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
  // BURST_DB=sqlite or BURST_DB=postgresql runs one of them.
  const dialects = all.filter((d) => !process.env.BURST_DB || process.env.BURST_DB === d);
  const only = process.argv[2];
  if (only && !SCENARIOS[only]) throw new Error(`unknown scenario ${only}; one of ${Object.keys(SCENARIOS).join(", ")}`);
  if (!only || SERVER_SCENARIOS.has(only)) buildOnce();
  for (const dialect of dialects) {
    for (const [name, fn] of Object.entries(SCENARIOS)) {
      if (only && only !== name) continue;
      const db = await createTestDb(dialect);
      try {
        await fn(db, dialect);
      } finally {
        await db.drop();
      }
    }
  }
}

// Exit once every row is printed: pools and timers the scenarios started must not keep it running.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
