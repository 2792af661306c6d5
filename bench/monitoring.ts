// npm run bench:monitoring — JSON lines for the monitoring targets, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL:
//   runs-list  the list query (page + count + labels) for each single filter, first page
//   run-view   the run view data for a run of 500 steps
//   sse        step transition committed → received by a real HTTP SSE client
// Sizes: BENCH_RUNS (default 100000) runs × BENCH_STEPS_PER_RUN (default 10) steps. BENCH_DB=sqlite|postgresql
// runs one database; BENCH_SQLITE_FILE / BENCH_PG_URL reuse a database seeded by an earlier run.
// History growth: BENCH_HISTORY_STEPS=100000,1000000,10000000 grows one database through those sizes
// (set-based generation, bench/history-seed.ts; finished runs' rows archived as the worker does;
// BENCH_HISTORY_ARCHIVE=0 keeps them hot) and prints runs-list, run-view, dashboard and inbox rows
// with "steps" at each size.
import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { seedMonitoringData, type SeedResult } from "@/tests/monitoring/helpers/bulk-seed";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { listRunPage } from "@/lib/db/run-list-read";
import { loadRunListFacets } from "@/lib/db/run-list-facets-read";
import { loadRunView, loadStepDetail } from "@/lib/db/run-view-read";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { rollupFinishedRunBatch } from "@/lib/db/run-rollup-store";
import { EventHub } from "@/lib/monitoring/event-hub";
import { eventStream } from "@/lib/monitoring/sse-stream";
import { parseTopic } from "@/lib/monitoring/topics";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { startRun } from "@/lib/engine/run-service";
import type { StepRecord } from "@/lib/engine/ports";
import { chainGraph } from "@/tests/monitoring/helpers/bulk-seed";
import { SseReader } from "@/tests/monitoring/helpers/sse-reader";
import { createTestDb } from "@/tests/helpers/fresh-db";
import { readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";
import { encodeCursor } from "@/lib/monitoring/run-list-cursor";
import { runListSortSchema, type RunListFilter } from "@/lib/monitoring/run-list-filter";
import { growHistory, HOT_RUNS, seedHistoryBase, STEPS_PER_RUN as HISTORY_STEPS_PER_RUN, type HistorySeed } from "./history-seed";
import { listTasks } from "@/lib/inbox/list-tasks";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import os from "node:os";

const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const STEPS_PER_RUN = Number(process.env.BENCH_STEPS_PER_RUN ?? 10);
const ITER = Number(process.env.BENCH_ITER ?? 40);

type Dialect = "sqlite" | "postgresql";
type BenchDb = Database & { drop(): Promise<void> };

/** A fresh migrated database (temporary SQLite file, or a new PostgreSQL database dropped afterwards). */
async function freshDb(dialect: Dialect): Promise<BenchDb> {
  const reuse = dialect === "sqlite" ? process.env.BENCH_SQLITE_FILE : process.env.BENCH_PG_URL;
  if (reuse) {
    // keep a seeded database between runs (iterating on queries): BENCH_SQLITE_FILE=/tmp/x.db, BENCH_PG_URL=postgresql://…
    const db = openDatabase(dialect === "sqlite" ? `file:${reuse}` : reuse, { poolMax: 8 });
    await migrate(db.sql);
    return { ...db, drop: () => db.close() };
  }
  return createTestDb(dialect);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const round = (n: number) => Math.round(n * 100) / 100;

async function time(fn: () => Promise<unknown>, iter = ITER, warmup = 3): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < iter; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return { p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), max: round(Math.max(...xs)) };
}

function emit(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

/** The cursor of the run `offset` rows down the newest-first list (a deep page, reached by keyset). */
async function cursorAtOffset(db: BenchDb, offset: number, and = ""): Promise<string> {
  const [r] = await db.sql.all<{ id: string; createdAt: unknown }>(
    `SELECT "id","createdAt" FROM "Run" WHERE NOT "isTest" ${and} ORDER BY "createdAt" DESC, "id" DESC LIMIT 1 OFFSET ?`,
    [offset],
  );
  return encodeCursor([Date.parse(readTimestamp(r.createdAt))], String(r.id));
}

async function benchList(db: BenchDb, dialect: Dialect, seed: SeedResult): Promise<void> {
  const sort = runListSortSchema.parse({});
  const filters: [string, RunListFilter][] = [
    ["none", {}],
    ["status:failed", { status: "failed" }],
    ["status:waiting", { status: "waiting" }],
    ["status:succeeded", { status: "succeeded" }],
    ["workflow", { workflowId: seed.workflowIds[3] }],
    ["version", { versionId: seed.versionIds[7] }],
    ["initiator", { initiatorId: seed.userIds[5] }],
    ["range:24h", { range: "24h" }],
    ["range:7d", { range: "7d" }],
    ["has-open-tasks", { hasOpenTasks: true }],
  ];
  let worst = 0;
  for (const [name, f] of filters) {
    const t = await time(() => listRunPage(db.sql, f, sort, seed.nowMs));
    worst = Math.max(worst, t.p95);
    emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: name, p50_ms: t.p50, p95_ms: t.p95 });
  }
  // search is not one of the filters: reported beside them
  const [someRun] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" ORDER BY "id" LIMIT 1 OFFSET ?`, [Math.floor(seed.runs / 3)]);
  const trgm = dialect === "postgresql" && (await db.sql.all(`SELECT 1 FROM pg_indexes WHERE indexname = 'Run_input_trgm_idx'`)).length > 0;
  for (const [name, f] of [
    ["search:id-prefix", { q: someRun.id.slice(0, 8) }],
    ["search:input-value", { q: `REF-${Math.floor(seed.runs / 2)}` }],
  ] as [string, RunListFilter][]) {
    const t = await time(() => listRunPage(db.sql, f, sort, seed.nowMs));
    emit({
      scenario: "runs-list",
      db: dialect,
      runs: seed.runs,
      steps: seed.steps,
      filter: name,
      p50_ms: t.p50,
      p95_ms: t.p95,
      ...(dialect === "postgresql" ? { pg_trgm_index: trgm } : {}),
    });
  }
  for (const [name, s] of [
    ["sort:duration", { ...sort, sort: "duration" as const }],
    ["sort:cost", { ...sort, sort: "cost" as const }],
    ["page:deep", { ...sort, after: await cursorAtOffset(db, 5000) }],
  ] as const) {
    const t = await time(() => listRunPage(db.sql, {}, s, seed.nowMs));
    emit({
      scenario: "runs-list",
      db: dialect,
      runs: seed.runs,
      steps: seed.steps,
      filter: name,
      p50_ms: t.p50,
      p95_ms: t.p95,
      note: "not a target: sort/deep page",
    });
  }
  emit({
    scenario: "runs-list",
    db: dialect,
    runs: seed.runs,
    steps: seed.steps,
    filter: "worst-single-filter",
    p95_ms: worst,
    target_ms: 100,
    ok: worst <= 100,
  });
}

/** A run of `steps` steps (a chain graph of that many nodes), with 3 events per step and a decided task. */
async function seedBigRun(db: BenchDb, steps: number): Promise<string> {
  const wf = randomUUID();
  const ver = randomUUID();
  const run = randomUUID();
  const now = Date.now() - 3_600_000;
  const at = sqlTimestamp(db.dialect, now);
  const g = JSON.stringify(chainGraph(steps));
  await db.sql.tx(async (q) => {
    await q.run(`INSERT INTO "Workflow" ("id","name","draftGraph","createdAt","updatedAt") VALUES (?,?,?,?,?)`, [wf, "Big run", g, at, at]);
    await q.run(
      `INSERT INTO "WorkflowVersion" ("id","workflowId","version","graph","schemaVersion","published","createdAt") VALUES (?,?,1,?,1,?,?)`,
      [ver, wf, g, true, at],
    );
    await q.run(
      `INSERT INTO "Run" ("id","workflowId","versionId","status","trigger","input","createdAt","startedAtMs","finishedAtMs","updatedAtMs") VALUES (?,?,?,'succeeded','manual','{"big":true}',?,?,?,?)`,
      [run, wf, ver, at, now, now + steps * 10, now + steps * 10],
    );
    const nodes = chainGraph(steps).nodes as { id: string; kind: string }[];
    for (let i = 0; i < nodes.length; i += 200) {
      const part = nodes.slice(i, i + 200);
      await q.run(
        `INSERT INTO "Step" ("id","runId","stepKey","nodeId","kind","status","attempt","input","output","outputHandle","scheduledAtMs","startedAtMs","finishedAtMs") VALUES ${part.map(() => "(?,?,?,?,?,'succeeded',1,?,?,'out',?,?,?)").join(",")}`,
        part.flatMap((n, j) => [
          randomUUID(),
          run,
          n.id,
          n.id,
          n.kind,
          `{"i":${i + j}}`,
          `{"ok":true,"i":${i + j}}`,
          now + (i + j) * 10,
          now + (i + j) * 10,
          now + (i + j) * 10 + 8,
        ]),
      );
      await q.run(
        `INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES ${part.map(() => "(?,?,?,?,?),(?,?,?,?,?),(?,?,?,?,?)").join(",")}`,
        part.flatMap((n, j) => [
          run,
          "step.started",
          n.id,
          `{"attempt":1}`,
          now + (i + j) * 10,
          run,
          "step.succeeded",
          n.id,
          `{"attempt":1,"handle":"out"}`,
          now + (i + j) * 10 + 8,
          run,
          "step.note",
          n.id,
          `{}`,
          now + (i + j) * 10 + 9,
        ]),
      );
    }
  });
  return run;
}

async function benchRunView(db: BenchDb, dialect: Dialect, seed: SeedResult): Promise<void> {
  const runId = await seedBigRun(db, 500);
  const v = await time(() => loadRunView(db.sql, runId));
  const view = await loadRunView(db.sql, runId);
  emit({
    scenario: "run-view",
    db: dialect,
    runs: seed.runs,
    steps: seed.steps,
    run_steps: view.steps.length,
    events_returned: view.events.length,
    p50_ms: v.p50,
    p95_ms: v.p95,
    target_ms: 100,
    ok: v.p95 <= 100,
  });
  const d = await time(() => loadStepDetail(db.sql, runId, "n250"));
  emit({ scenario: "step-inspector", db: dialect, runs: seed.runs, p50_ms: d.p50, p95_ms: d.p95, note: "not a target" });
}

async function benchDashboard(db: BenchDb, dialect: Dialect, seed: SeedResult): Promise<void> {
  for (const range of ["24h", "7d", "30d"] as const) {
    const t = await time(() => loadDashboard(db.sql, range, seed.nowMs + 1000), 8);
    emit({
      scenario: "dashboard",
      db: dialect,
      runs: seed.runs,
      steps: seed.steps,
      range,
      p50_ms: t.p50,
      p95_ms: t.p95,
      note: "not a target",
    });
  }
}

/**
 * Step transition committed by the engine store (a fenced commit of a claimed run, as a worker
 * does) → frame received by an HTTP SSE client of a real server running the same stream code as
 * GET /api/v1/events (the route adds only auth). The hub runs as in production (25 ms tail tick,
 * in-process notifier, LISTEN on PostgreSQL).
 */
async function benchSse(db: BenchDb, dialect: Dialect, seed: SeedResult): Promise<void> {
  const store = new SqlEngineStore(db.sql);
  const notifier = new LocalNotifier();
  const hub = new EventHub({ sql: db.sql, dialect, subscribe: (fn) => notifier.subscribe(fn), listen: (fn) => store.listen(fn) });
  const doc = {
    schemaVersion: 1,
    nodes: [
      { id: "start", name: "Start", kind: "start", position: { x: 0, y: 0 }, config: {} },
      { id: "end", name: "End", kind: "end", position: { x: 300, y: 0 }, config: { output: "$.input" } },
    ],
    edges: [{ id: "e0", source: "start", sourceHandle: "out", target: "end", targetHandle: "in" }],
  };
  const wf = randomUUID();
  const ver = randomUUID();
  const at = sqlTimestamp(db.dialect, Date.now());
  await db.sql.run(`INSERT INTO "Workflow" ("id","name","draftGraph","createdAt","updatedAt") VALUES (?,?,?,?,?)`, [
    wf,
    "SSE bench",
    JSON.stringify(doc),
    at,
    at,
  ]);
  await db.sql.run(
    `INSERT INTO "WorkflowVersion" ("id","workflowId","version","graph","schemaVersion","published","createdAt") VALUES (?,?,1,?,1,?,?)`,
    [ver, wf, JSON.stringify(doc), true, at],
  );
  const run = await startRun({ store, notifier }, { versionId: ver, input: {}, initiatorId: null });
  const [claimed] = (await store.claimRuns("bench-worker", 1000, 600_000)).filter((c) => c.run.id === run.id);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const topics = (url.searchParams.get("topic") ?? "").split(",").map((t) => parseTopic(t)!);
    const ac = new AbortController();
    req.on("close", () => ac.abort());
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const reader = eventStream({ hub, sql: db.sql, topics, lastEventId: null, signal: ac.signal }).getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const ac = new AbortController();
  const resp = await fetch(`http://127.0.0.1:${port}/?topic=run:${run.id}`, { signal: ac.signal });
  const client = new SseReader(resp.body!);
  const sent = new Map<string, number>();
  const lat: number[] = [];
  client.onFrame = (f) => {
    const e = f.data as { stepKey?: string };
    const t0 = f.event === "run-event" && e.stepKey ? sent.get(e.stepKey) : undefined;
    if (t0 !== undefined) lat.push(performance.now() - t0);
  };
  await client.waitFor((fs) => fs.some((f) => f.event === "ready"));
  const N = Number(process.env.BENCH_SSE_N ?? 200);
  const token = claimed.run.fencingToken;
  for (let i = 0; i < N; i++) {
    const key = `s${i}`;
    const now = Date.now();
    const step: StepRecord = {
      id: randomUUID(),
      runId: run.id,
      stepKey: key,
      nodeId: "end",
      kind: "transform",
      status: "succeeded",
      attempt: 1,
      input: null,
      output: { i },
      outputHandle: "out",
      error: null,
      idempotencyKey: null,
      wakeAtMs: null,
      scheduledAtMs: now,
      startedAtMs: now,
      finishedAtMs: now,
    };
    await store.commit({
      runId: run.id,
      fencingToken: token,
      atMs: now,
      steps: [step],
      events: [{ type: "step.succeeded", stepKey: key, data: { attempt: 1 } }],
      run: { status: "running" },
    });
    sent.set(key, performance.now());
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 30));
  }
  await client.waitFor(() => lat.length >= N, 10_000).catch(() => undefined);
  ac.abort();
  await client.cancel();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await hub.stop();
  const p95 = round(pct(lat, 95));
  emit({
    scenario: "sse",
    db: dialect,
    runs: seed.runs,
    transitions: N,
    received: lat.length,
    p50_ms: round(pct(lat, 50)),
    p95_ms: p95,
    max_ms: round(Math.max(...lat)),
    target_ms: 50,
    ok: p95 <= 50 && lat.length === N,
  });
}

/** Ids the scenarios filter on, read back from the database (works for a reused database too). */
async function loadSeed(db: BenchDb): Promise<SeedResult> {
  const ids = async (sql: string) => (await db.sql.all<{ id: string }>(sql)).map((r) => String(r.id));
  const [runs] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run"`);
  const [steps] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Step"`);
  const [now] = await db.sql.all<{ m: number }>(`SELECT MAX("startedAtMs") AS "m" FROM "Run"`);
  return {
    workflowIds: await ids(`SELECT "id" FROM "Workflow" ORDER BY "name", "id"`),
    versionIds: await ids(`SELECT "id" FROM "WorkflowVersion" ORDER BY "workflowId", "version"`),
    userIds: await ids(`SELECT "id" FROM "User" ORDER BY "name", "id"`),
    runs: Number(runs.n),
    steps: Number(steps.n),
    nowMs: Number(now.m),
  };
}

const loadavg = () => os.loadavg().map((x) => round(x));

/** The seed of a database an earlier history run grew (runs 'h0'…), or null for a fresh one. */
async function readHistorySeed(db: BenchDb): Promise<{ seed: HistorySeed; bigRun: string; runs: number } | null> {
  const [h0] = await db.sql.all<{ t: number }>(`SELECT "startedAtMs" AS "t" FROM "Run" WHERE "id" = 'h0'`);
  if (!h0) return null;
  const ids = async (sql: string) => (await db.sql.all<{ id: string }>(sql)).map((r) => String(r.id));
  const [n] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "id" >= 'h' AND "id" < 'i'`);
  const [big] = await db.sql.all<{ id: string }>(
    `SELECT r."id" AS "id" FROM "Run" r JOIN "Workflow" w ON w."id" = r."workflowId" WHERE w."name" = 'Big run' LIMIT 1`,
  );
  return {
    seed: {
      nowMs: Number(h0.t),
      workflowIds: await ids(`SELECT "id" FROM "Workflow" WHERE "name" LIKE 'Workflow %' ORDER BY "name"`),
      versionIds: await ids(
        `SELECT v."id" FROM "WorkflowVersion" v JOIN "Workflow" w ON w."id" = v."workflowId" WHERE w."name" LIKE 'Workflow %' ORDER BY w."name", v."version"`,
      ),
      userIds: await ids(`SELECT "id" FROM "User" WHERE "id" LIKE 'user-%' ORDER BY "createdAt", "id"`),
    },
    bigRun: String(big.id),
    runs: Number(n.n),
  };
}

/** Run list, run view, dashboard and inbox as the history grows (see the header). */
async function benchHistory(dialect: Dialect, sizes: number[]): Promise<void> {
  const db = await freshDb(dialect);
  const archive = process.env.BENCH_HISTORY_ARCHIVE !== "0";
  try {
    // a reused database (BENCH_SQLITE_FILE / BENCH_PG_URL) seeded by an earlier history run grows from where it stopped
    const earlier = await readHistorySeed(db);
    const seed = earlier?.seed ?? (await seedHistoryBase(db.sql, Date.now()));
    const bigRun = earlier?.bigRun ?? (await seedBigRun(db, 500));
    let runs = earlier?.runs ?? 0;
    for (const steps of sizes) {
      const target = Math.ceil(steps / HISTORY_STEPS_PER_RUN);
      const t0 = performance.now();
      if (target < runs) continue; // a reused database already holds more: measured at its own size
      if (target > runs)
        await growHistory(db.sql, seed, runs, target, archive, (done) => process.stderr.write(`[bench] ${dialect}: ${done} runs\r`));
      runs = target;
      const seedMs = Math.round(performance.now() - t0);
      // the generated runs finished without the worker: its rollup pass adds them to the dashboard rollup
      const r0 = performance.now();
      let rolled = 0;
      for (let n = 1; n > 0; rolled += n) n = await rollupFinishedRunBatch(db.sql, { limit: 20_000, nowMs: Date.now() });
      const rollupMs = Math.round(performance.now() - r0);
      const count = async (t: string) => Number((await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${t}"`))[0].n);
      const base = {
        db: dialect,
        steps,
        runs,
        hot_steps: await count("Step"),
        archived_steps: await count("StepArchive"),
        archive,
      };
      process.stderr.write(`\n[bench] ${dialect}: grew to ${runs} runs in ${seedMs} ms\n`);
      emit({ scenario: "history-seed", ...base, seed_ms: seedMs, rolled_up_runs: rolled, rollup_ms: rollupMs, loadavg: loadavg() });
      const sort = runListSortSchema.parse({});
      const cursorOf = await cursorAtOffset(db, 5000, `AND "status" = 'succeeded'`);
      let worst = 0;
      for (const [name, f] of [
        ["none", {}],
        ["status:failed", { status: "failed" }],
        ["status:waiting", { status: "waiting" }],
        ["workflow", { workflowId: seed.workflowIds[3] }],
        ["range:24h", { range: "24h" }],
        ["has-open-tasks", { hasOpenTasks: true }],
        ["version", { versionId: seed.versionIds[7] }],
        ["workflow+status:failed", { workflowId: seed.workflowIds[3], status: "failed" }],
        ["initiator", { initiatorId: seed.userIds[5] }],
        ["test:only", { test: "only" }],
      ] as [string, RunListFilter][]) {
        const t = await time(() => listRunPage(db.sql, f, sort, seed.nowMs));
        worst = Math.max(worst, t.p95);
        emit({ scenario: "runs-list", ...base, filter: name, p50_ms: t.p50, p95_ms: t.p95 });
      }
      const deep = await time(() => listRunPage(db.sql, { status: "succeeded" }, { ...sort, after: cursorOf }, seed.nowMs));
      emit({ scenario: "runs-list", ...base, filter: "status:succeeded, page after row 5,000", p50_ms: deep.p50, p95_ms: deep.p95 });
      const facets = await time(() => loadRunListFacets(db.sql));
      emit({ scenario: "runs-list-facets", ...base, p50_ms: facets.p50, p95_ms: facets.p95 });
      emit({
        scenario: "runs-list",
        ...base,
        filter: "worst-single-filter",
        p95_ms: worst,
        target_ms: 100,
        ok: worst <= 100,
        loadavg: loadavg(),
      });
      const oldRun = `h${Math.min(runs - 1, HOT_RUNS + 7)}`;
      for (const [which, id] of [
        ["hot, 500 steps", bigRun],
        ["archived, 10 steps", oldRun],
      ]) {
        const v = await time(() => loadRunView(db.sql, id));
        const inspector = await time(() => loadStepDetail(db.sql, id, which.startsWith("hot") ? "n250" : "n1"));
        emit({
          scenario: "run-view",
          ...base,
          run: which,
          p50_ms: v.p50,
          p95_ms: v.p95,
          step_inspector_p95_ms: inspector.p95,
          target_ms: 100,
          ok: v.p95 <= 100,
          loadavg: loadavg(),
        });
      }
      for (const range of ["24h", "7d", "30d"] as const) {
        const t = await time(() => loadDashboard(db.sql, range, seed.nowMs + 1000), 5, 1);
        emit({ scenario: "dashboard", ...base, range, p50_ms: t.p50, p95_ms: t.p95, note: "not a target", loadavg: loadavg() });
      }
      const reviewer = { userId: "user-1", roles: ["reviewer"], isAdmin: false, decider: true };
      const inbox = await time(() => listTasks(db.sql, seed.nowMs, reviewer, taskListQuery.parse({})));
      const [open] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Task" WHERE "status"='open'`);
      emit({
        scenario: "inbox",
        ...base,
        open_tasks: Number(open.n),
        p50_ms: inbox.p50,
        p95_ms: inbox.p95,
        target_ms: 50,
        ok: inbox.p95 <= 50,
        loadavg: loadavg(),
      });
    }
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_DB;
  const history = process.env.BENCH_HISTORY_STEPS;
  if (history) {
    const sizes = history
      .split(",")
      .map(Number)
      .sort((a, b) => a - b);
    for (const dialect of (process.env.TEST_DATABASE_URL ? (["sqlite", "postgresql"] as Dialect[]) : (["sqlite"] as Dialect[])).filter(
      (d) => !only || d === only,
    ))
      await benchHistory(dialect, sizes);
    return;
  }
  const dialects: Dialect[] = (process.env.TEST_DATABASE_URL ? (["sqlite", "postgresql"] as Dialect[]) : (["sqlite"] as Dialect[])).filter(
    (d) => !only || d === only,
  );
  for (const dialect of dialects) {
    const db = await freshDb(dialect);
    try {
      const t0 = performance.now();
      const [existing] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run"`);
      if (Number(existing.n) < RUNS) {
        await seedMonitoringData(db.sql, { runs: RUNS - Number(existing.n), stepsPerRun: STEPS_PER_RUN });
        process.stderr.write(`[bench] seeded ${RUNS} runs on ${dialect} in ${Math.round(performance.now() - t0)} ms\n`);
      }
      const seed = await loadSeed(db);
      await benchList(db, dialect, seed);
      await benchRunView(db, dialect, seed);
      await benchDashboard(db, dialect, seed);
      await benchSse(db, dialect, seed);
    } finally {
      await db.drop();
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
