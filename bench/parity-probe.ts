// One round of what bench/compare.ts compares between two trees (this one and an older commit), on
// SQLite, timed in this process with the same harness code in both:
//   inbox  the inbox list (GET /api/v1/tasks: listTasks) for each filter of bench/inbox.ts
//   runs   the run list (listRunPage) for each single filter of bench/monitoring.ts
//   chain  200 runs of a 10-node transform chain, telemetry off (PROBE_RUNS changes the count)
//   resume 200 runs parked on approvals, each decided and timed to the commit of the next step
// One JSON line per operation: wall-clock median and p95, CPU µs per operation or step
// (process.cpuUsage: every thread), statements and rows per operation or step (better-sqlite3 calls
// counted), and for chain the main thread's CPU apart from the other threads' (/proc), claims per
// run and scavenges. Self-contained on purpose: bench/compare.ts copies it into the other tree and
// runs it there, so it imports only modules both trees have (modules that moved are tried at both paths).
//   tsx --conditions=react-server bench/parity-probe.ts inbox|runs <database file> [iterations]
//   tsx --conditions=react-server bench/parity-probe.ts chain|resume <new database file>
// inbox and runs seed the file on first use (10,000 tasks; BENCH_RUNS runs × 10 steps) and reuse it.
// Diagnostics: PROBE_OPS=a,b (these operations only), PROBE_DETAIL=1 (time per statement text; with
// PROBE_DETAIL_COUNT=1 statements per run instead), PROBE_THREADS=1 (CPU per thread), PROBE_WAL=inline
// (no checkpoint thread), PROBE_PROFILE=<file> (CPU profile) or PROBE_HEAP=<file> (allocation profile)
// of the main thread over the timed part.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { openDatabase, type Database } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import type { Param, SqlDb } from "@/lib/db/sql";
import { listTasks } from "@/lib/inbox/list-tasks";
import type { Principal } from "@/lib/inbox/task-access";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { seedMonitoringData } from "@/tests/monitoring/helpers/bulk-seed";
import { runListSortSchema, type RunListFilter } from "@/lib/monitoring/run-list-filter";

import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { decideTask, startRun } from "@/lib/engine/run-service";
import type { CommitBatch, CommitResult } from "@/lib/engine/ports";
import { graph, publish, transformChain } from "@/tests/engine/helpers/graph";

type ListRunPage = (sql: SqlDb, f: RunListFilter, sort: unknown, nowMs: number) => Promise<unknown>;

const TASKS = 10_000;
const HOUR = 3_600_000;

/** Counts statements and rows better-sqlite3 executes (SQLite only). */
const counter = { statements: 0, rows: 0, sqlMs: 0, execs: 0 };
/** PROBE_DETAIL=1: milliseconds per statement text, to split an operation's time into SQL and JavaScript. */
const detail = process.env.PROBE_DETAIL === "1" ? new Map<string, number>() : null;
function countStatements(db: Database): void {
  if (db.dialect !== "sqlite") return;
  const raw = (db.sql as unknown as { raw: { prepare(s: string): object } }).raw;
  const proto = Object.getPrototypeOf(raw.prepare("SELECT 1")) as Record<string, (...a: unknown[]) => unknown>;
  const dbProto = Object.getPrototypeOf(raw) as Record<string, (...a: unknown[]) => unknown>;
  const exec = dbProto.exec;
  dbProto.exec = function (this: unknown, ...a: unknown[]) {
    counter.execs++;
    if (detail) detail.set(String(a[0]), (detail.get(String(a[0])) ?? 0) + 1);
    return exec.apply(this, a);
  };
  for (const m of ["all", "get", "run", "iterate"]) {
    const orig = proto[m];
    proto[m] = function (this: { source: string }, ...a: unknown[]) {
      counter.statements++;
      const t0 = performance.now();
      const out = orig.apply(this, a);
      const ms = performance.now() - t0;
      counter.sqlMs += ms;
      if (detail) detail.set(this.source, (detail.get(this.source) ?? 0) + (process.env.PROBE_DETAIL_COUNT === "1" ? 1 : ms));
      if (Array.isArray(out)) counter.rows += out.length;
      return out;
    };
  }
}

async function insertRows(sql: SqlDb, table: string, cols: string[], rows: Param[][]): Promise<void> {
  await sql.tx(async (q) => {
    for (let i = 0; i < rows.length; i += 400) {
      const part = rows.slice(i, i + 400);
      await q.run(
        `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${part.map(() => `(${cols.map(() => "?").join(",")})`).join(",")}`,
        part.flat(),
      );
    }
  });
}

/** bench/inbox.ts's database: 10,000 open tasks over 50 workflows, assigned to users and roles. */
async function seedInbox(db: Database): Promise<void> {
  const sql = db.sql;
  const now = await sql.now();
  const iso = new Date(now).toISOString();
  const created = db.dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso;
  const wfIds = Array.from({ length: 50 }, () => randomUUID());
  const wfCols = ["id", "name", "draftGraph", "createdAt", "updatedAt"];
  await insertRows(
    sql,
    "Workflow",
    wfCols,
    wfIds.map((id, i) => [id, `Workflow ${i}`, "{}", created, created]),
  );
  const userCols = ["id", "name", "email", "role", "createdAt", "updatedAt"];
  const users = Array.from({ length: 20 }, (_, i) => [
    `user-${i}`,
    `User ${i}`,
    `user${i}@example.com`,
    i < 15 ? "reviewer" : "admin",
    created,
    created,
  ]);
  await insertRows(sql, "User", userCols, users);
  const tasks: Param[][] = [];
  const assignees: Param[][] = [];
  const decisions: Param[][] = [];
  for (let i = 0; i < TASKS; i++) {
    const id = randomUUID();
    const due = i % 3 === 0 ? null : now + ((i % 97) - 20) * HOUR;
    const confidence = i % 4 === 0 ? null : (i % 100) / 100;
    const payload = JSON.stringify({ i, amount: i * 3 });
    const initiator = i % 5 === 0 ? "user-9" : null;
    tasks.push([
      id,
      randomUUID(),
      "ap",
      wfIds[i % 50],
      "v",
      "ap",
      "approval",
      `Task ${i}`,
      `Please check **item ${i}** before it ships.`,
      payload,
    ]);
    tasks[i].push(confidence, "open", i % 10 === 0 ? 2 : 1, initiator, due, now - (TASKS - i) * 60_000);
    const r = i % 10;
    const roles = ["reviewer", "reviewer", "reviewer", "reviewer", "finance", "finance", "admin", "admin"];
    const a = r < 8 ? ["role", roles[r]] : r < 9 ? ["user", "user-1"] : ["user", `user-${2 + (i % 10)}`];
    assignees.push([randomUUID(), id, a[0], a[1], "open"]);
    if (i % 10 === 0) decisions.push([randomUUID(), id, `user-${3 + (i % 7)}`, "approve", "", "h", now]);
  }
  const taskCols = ["id", "runId", "stepKey", "workflowId", "versionId", "nodeId", "type", "title", "instructions", "payload"];
  taskCols.push("confidence", "status", "quorum", "initiatorId", "dueAtMs", "createdAtMs");
  await insertRows(sql, "Task", taskCols, tasks);
  await insertRows(sql, "TaskAssignee", ["id", "taskId", "type", "value", "status"], assignees);
  await insertRows(sql, "Decision", ["id", "taskId", "userId", "decision", "comment", "payloadHash", "atMs"], decisions);
  await sql.run(`ANALYZE`);
}

async function listRunPageOf(): Promise<ListRunPage> {
  try {
    return (await import("@/lib/db/run-list-read")).listRunPage as unknown as ListRunPage;
  } catch {
    // @ts-expect-error the module of the older tree
    return (await import("@/lib/monitoring/run-list-query")).listRunPage as ListRunPage;
  }
}

type Op = [name: string, fn: () => Promise<unknown>];

async function inboxOps(db: Database): Promise<Op[]> {
  const sql = db.sql;
  const reviewer: Principal = { userId: "user-1", roles: ["reviewer", "finance"], isAdmin: false, decider: true };
  const admin: Principal = { userId: "user-19", roles: ["admin"], isAdmin: true, decider: true };
  const q = (raw: Record<string, string>) => taskListQuery.parse(raw);
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) cursor = (await listTasks(sql, await sql.now(), reviewer, q(cursor ? { cursor } : {}))).nextCursor;
  const deep = cursor!;
  return [
    ["first-page", async () => listTasks(sql, await sql.now(), reviewer, q({}))],
    ["oldest", async () => listTasks(sql, await sql.now(), reviewer, q({ sort: "oldest" }))],
    ["overdue", async () => listTasks(sql, await sql.now(), reviewer, q({ due: "overdue" }))],
    ["low-confidence", async () => listTasks(sql, await sql.now(), reviewer, q({ lowConfidence: "true" }))],
    ["page-41", async () => listTasks(sql, await sql.now(), reviewer, q({ cursor: deep }))],
    ["admin-all", async () => listTasks(sql, await sql.now(), admin, q({}))],
  ];
}

async function runOps(db: Database): Promise<Op[]> {
  const sql = db.sql;
  const [count] = await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run"`);
  const runs = Number(process.env.BENCH_RUNS ?? 100_000);
  if (Number(count.n) < runs) await seedMonitoringData(sql, { runs: runs - Number(count.n), stepsPerRun: 10 });
  const ids = async (s: string) => (await sql.all<{ id: string }>(s)).map((r) => String(r.id));
  const workflowIds = await ids(`SELECT "id" FROM "Workflow" ORDER BY "name", "id"`);
  const versionIds = await ids(`SELECT "id" FROM "WorkflowVersion" ORDER BY "workflowId", "version"`);
  const userIds = await ids(`SELECT "id" FROM "User" ORDER BY "name", "id"`);
  const [now] = await sql.all<{ m: number }>(`SELECT MAX("startedAtMs") AS "m" FROM "Run"`);
  const nowMs = Number(now.m);
  const listRunPage = await listRunPageOf();
  const sort = runListSortSchema.parse({});
  const filters: [string, RunListFilter][] = [
    ["none", {}],
    ["status:failed", { status: "failed" }],
    ["status:waiting", { status: "waiting" }],
    ["status:succeeded", { status: "succeeded" }],
    ["workflow", { workflowId: workflowIds[3] }],
    ["version", { versionId: versionIds[7] }],
    ["initiator", { initiatorId: userIds[5] }],
    ["range:24h", { range: "24h" }],
    ["range:7d", { range: "7d" }],
    ["has-open-tasks", { hasOpenTasks: true }],
  ];
  return filters.map(([name, f]) => [name, () => listRunPage(sql, f, sort, nowMs)]);
}

/** CPU ms of each thread of this process by name (Linux /proc; utime + stime in clock ticks of 10 ms). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(`${name}#${tid}`, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** CPU ms since `before` of the main thread and of all other threads (GC helpers, worker threads); PROBE_THREADS=1 lists them. */
function threadDelta(before: Map<string, number>): { main: number; others: number } {
  const byThread = new Map<string, number>();
  for (const [k, v] of threadCpu()) byThread.set(k, v - (before.get(k) ?? 0));
  if (process.env.PROBE_THREADS === "1")
    process.stderr.write(`threads ${JSON.stringify(Object.fromEntries([...byThread].filter(([, v]) => v > 0)))}\n`);
  let main = 0;
  let others = 0;
  for (const [k, v] of byThread)
    if (k.endsWith(`#${process.pid}`)) main += v;
    else others += v;
  return { main, others };
}

/** Garbage collections on the main thread while `fn` runs: young-generation ones (scavenges) count allocation. */
async function countGcs<T>(fn: () => Promise<T>): Promise<{ out: T; minor: number; major: number; gcMs: number }> {
  let minor = 0;
  let major = 0;
  let gcMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (kind === 1) minor++;
      else major++;
      gcMs += e.duration;
    }
  });
  obs.observe({ entryTypes: ["gc"] });
  try {
    const out = await fn();
    await new Promise((r) => setImmediate(r)); // the observer is told asynchronously
    return { out, minor, major, gcMs };
  } finally {
    obs.disconnect();
  }
}

/** PROBE_PROFILE=<file>: a V8 CPU profile, PROBE_HEAP=<file> an allocation profile, of the main thread over the timed part. */
async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const heap = process.env.PROBE_HEAP;
  const file = heap ?? process.env.PROBE_PROFILE;
  if (!file) return fn();
  const session = new Session();
  session.connect();
  if (heap) {
    await session.post("HeapProfiler.enable");
    const collected = { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
    await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, ...collected });
  } else {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  try {
    return await fn();
  } finally {
    const { profile } = heap ? await session.post("HeapProfiler.stopSampling") : await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** A store that reports commits containing a given step (resume latency). */
class TimedStore extends SqlEngineStore {
  onCommit: ((b: CommitBatch) => void) | null = null;
  claims = 0;
  claimed = 0;
  override async claimRuns(...a: Parameters<SqlEngineStore["claimRuns"]>): ReturnType<SqlEngineStore["claimRuns"]> {
    const out = await super.claimRuns(...a);
    this.claims++;
    this.claimed += out.length;
    return out;
  }
  override async commit(b: CommitBatch): Promise<CommitResult> {
    const r = await super.commit(b);
    this.onCommit?.(b);
    return r;
  }
}

/** One query every 5 ms until `n` runs of the version have `status` (the same polling in both trees). */
async function waitAll(sql: SqlDb, versionId: string, n: number, status: string): Promise<void> {
  for (;;) {
    const [row] = await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "versionId"=? AND "status"=?`, [versionId, status]);
    if (Number(row.n) >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The engine rows on a fresh database, telemetry off: `chain` is 200 runs of a 10-node transform chain
 * (CPU µs per step, steps/s), `resume` is 200 runs parked on approvals, each decided and timed to the
 * commit that starts the next step (CPU µs per decision, p50/p95).
 */
async function engineRound(scenario: "chain" | "resume", file: string): Promise<void> {
  // PROBE_WAL=inline: SQLite's own checkpoints inside COMMIT instead of the checkpoint thread (trees that have one)
  const walCheckpoint = process.env.PROBE_WAL === "inline" ? ("inline" as const) : undefined;
  const db = openDatabase(`file:${file}`, { poolMax: 16, walCheckpoint });
  await migrate(db.sql);
  const store = new TimedStore(db.sql);
  const notifier = new LocalNotifier();
  const worker = new Worker({ store, notifier, concurrency: 32, leaseMs: 30_000, pollMs: 1000, log: () => undefined });
  await worker.start({ register: false });
  try {
    // the expression pool (where the tree has one) boots its first thread before anything is timed
    const iso = (await import("@/lib/engine/expression-isolation").catch(() => null)) as {
      installExpressionIsolation?: () => { whenReady(): Promise<void> };
    } | null;
    await iso?.installExpressionIsolation?.().whenReady();
    const deps = { store, notifier };
    const RUNS = Number(process.env.PROBE_RUNS ?? 200);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    if (scenario === "chain") {
      const { versionId } = await publish(db.sql, transformChain(8));
      const warm = await publish(db.sql, transformChain(8));
      for (let i = 0; i < 20; i++) await startRun(deps, { versionId: warm.versionId, input: {}, initiatorId: null });
      await waitAll(db.sql, warm.versionId, 20, "succeeded");
      countStatements(db);
      counter.statements = counter.rows = counter.execs = 0;
      store.claims = store.claimed = 0;
      detail?.clear();
      const threads0 = threadCpu();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const gc = await countGcs(() =>
        profiled(async () => {
          for (let i = 0; i < RUNS; i++) await startRun(deps, { versionId, input: { i }, initiatorId: "bench" });
          await waitAll(db.sql, versionId, RUNS, "succeeded");
        }),
      );
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const threads = threadDelta(threads0);
      const counts = {
        statements_per_step: r2(counter.statements / (RUNS * 10)),
        rows_per_step: r2(counter.rows / (RUNS * 10)),
        execs_per_step: r2(counter.execs / (RUNS * 10)),
        claims_per_run: r2(store.claims / RUNS),
        scavenges_per_100_runs: r2((gc.minor * 100) / RUNS),
        gc_ms_per_run: r2(gc.gcMs / RUNS),
        claimed_per_run: r2(store.claimed / RUNS),
      };
      const line = { scenario, op: "chain", db: "sqlite", steps: RUNS * 10, steps_per_s: Math.round((RUNS * 10) / s), ...counts };
      for (const [text, n] of [...(detail ?? [])].sort((a, b) => b[1] - a[1]))
        process.stderr.write(`  ${(n / RUNS).toFixed(2)}/run  ${text.replace(/\s+/g, " ").slice(0, 200)}\n`);
      const perStep = (ms: number) => Math.round((ms * 1000) / (RUNS * 10));
      const cpuLine = {
        cpu_us_per_step: Math.round((cpu.user + cpu.system) / (RUNS * 10)),
        main_thread_us_per_step: perStep(threads.main),
        other_threads_us_per_step: perStep(threads.others),
      };
      process.stdout.write(`${JSON.stringify({ ...line, ...cpuLine, load1: r2(os.loadavg()[0]) })}\n`);
      return;
    }
    const doc = graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Approve {{ $.input.i }}", payload: "$.input" },
      })
      .transform("t", "$.steps.ap.output.decision")
      .end("end", "$.steps.t.output")
      .chain("start", "ap")
      .edge("ap", "t", "approved")
      .edge("t", "end")
      .build();
    const { versionId } = await publish(db.sql, doc);
    for (let i = 0; i < RUNS; i++) await startRun(deps, { versionId, input: { i }, initiatorId: "bench" });
    await waitAll(db.sql, versionId, RUNS, "waiting");
    const ids = (
      await db.sql.all<{ id: string }>(`SELECT "id" FROM "Task" WHERE "versionId"=? AND "status"='open' ORDER BY "createdAtMs"`, [
        versionId,
      ])
    ).map((r) => String(r.id));
    const lat: number[] = [];
    const cpu0 = process.cpuUsage();
    for (const taskId of ids) {
      let resolveStarted!: () => void;
      const started = new Promise<void>((r) => (resolveStarted = r));
      store.onCommit = (b) => {
        if (b.steps.some((st) => st.stepKey === "t")) resolveStarted();
      };
      await decideTask(deps, { taskId, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
      const t0 = performance.now();
      await started;
      lat.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    store.onCommit = null;
    await waitAll(db.sql, versionId, RUNS, "succeeded");
    lat.sort((a, b) => a - b);
    const line = { scenario, op: "resume", db: "sqlite", runs: RUNS, p50_ms: r2(lat[RUNS / 2]), p95_ms: r2(lat[Math.floor(RUNS * 0.95)]) };
    process.stdout.write(
      `${JSON.stringify({ ...line, cpu_us_per_decision: Math.round((cpu.user + cpu.system) / RUNS), load1: r2(os.loadavg()[0]) })}\n`,
    );
  } finally {
    await worker.stop({ graceMs: 5000 });
    await db.close();
  }
}

async function main(): Promise<void> {
  const [scenario, file, iterArg] = process.argv.slice(2);
  if (scenario === "chain" || scenario === "resume") {
    if (!file) throw new Error("usage: parity-probe.ts chain|resume <new database file>");
    return engineRound(scenario, file);
  }
  if ((scenario !== "inbox" && scenario !== "runs") || !file) throw new Error("usage: parity-probe.ts inbox|runs <db file> [iterations]");
  const iterations = Number(iterArg ?? 100);
  const fresh = !existsSync(file);
  const db = openDatabase(`file:${file}`, { poolMax: 8, walCheckpoint: process.env.PROBE_WAL === "inline" ? "inline" : undefined });
  await migrate(db.sql);
  if (fresh && scenario === "inbox") await seedInbox(db);
  const ops = scenario === "inbox" ? await inboxOps(db) : await runOps(db);
  const only = process.env.PROBE_OPS?.split(","); // PROBE_OPS=first-page,admin-all: these operations only
  // every operation warms up (statement cache, pages in memory, JIT) and the threads a tree starts
  // with its database (WAL checkpointer) boot before anything is timed: their start-up would
  // otherwise be charged to the first operation
  for (const [name, fn] of ops) if (!only || only.includes(name)) for (let i = 0; i < 10; i++) await fn();
  await new Promise((r) => setTimeout(r, 1500));
  countStatements(db);
  for (const [name, fn] of ops) {
    if (only && !only.includes(name)) continue;
    const walls: number[] = [];
    counter.statements = 0;
    counter.rows = 0;
    counter.sqlMs = 0;
    detail?.clear();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      await fn();
      walls.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    walls.sort((a, b) => a - b);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const line = {
      scenario,
      op: name,
      db: db.dialect,
      wall_p50_ms: r2(walls[Math.floor(iterations / 2)]),
      wall_p95_ms: r2(walls[Math.min(iterations - 1, Math.floor(iterations * 0.95))]),
      cpu_us_per_op: Math.round((cpu.user + cpu.system) / iterations),
      statements_per_op: r2(counter.statements / iterations),
      rows_per_op: r2(counter.rows / iterations),
      sql_ms_per_op: r2(counter.sqlMs / iterations),
      load1: r2(os.loadavg()[0]),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    for (const [text, ms] of [...(detail ?? [])].sort((a, b) => b[1] - a[1]))
      process.stderr.write(`  ${(ms / iterations).toFixed(3)} ms  ${text.replace(/\s+/g, " ").slice(0, 160)}\n`);
  }
  await db.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
