// `npm run bench:engine`: engine benchmarks, one JSON object per line. SQLite always; PostgreSQL too
// when TEST_DATABASE_URL is set (a fresh database is created and dropped).
//   chain   — 200 runs of a 10-node transform chain, end to end: from the first startRun (sequential,
//             one client) to the last run succeeded; plus the raw single-row commit ceiling of the same DB
//             (better-sqlite3 WAL+NORMAL autocommit inserts; on PostgreSQL single-row INSERT round trips).
//             On PostgreSQL also what does not move with the machine's load: the database backends' CPU
//             per step (./pg-cost.ts), write transactions per run (each waits for a WAL flush), empty
//             claims and the idle loop's round trips per run
//   resume  — 200 runs parked on approvals: decision committed → next step committed (p50/p95)
//   parked  — 5,000 runs parked on approvals: RSS growth of the process hosting the worker (it also
//             hosts the starting client, so this is an upper bound); all complete once decided
//   fanout  — 100 runs × 20 parallel branches + join
//   map     — one run mapping 1,000 items through a Transform with concurrency 16 (start → run succeeded)
//   subflow — 200 parent runs, each calling one child run (a 3-node transform workflow) and waiting for it
//   agent / agent-mcp — agent overhead per round of a 10-round tool loop, with an HTTP tool and with
//             a tool on a local zero-latency MCP server (./agent-scenario.ts)
//   eval    — an evaluation of 100 rows (Start → Agent → End) against the zero-latency fake model (./eval-scenario.ts)
//   telemetry — CPU µs per step of the spans and metrics of 10-step in-memory runs alone, exported over
//             OTLP/HTTP and not exported (best of 5 rounds; steadier than the chain off/on difference)
// chain and resume run twice, back to back: "telemetry":"off" (the no-op port) and "telemetry":"on"
// (traces exported over OTLP/HTTP to a local receiver that accepts and discards them, plus the
// Prometheus metrics). The receiver is a child process (./otlp-receiver.mjs), as a collector would
// be: what these rows charge to telemetry is the engine's side only (spans, metrics, serialising
// and sending the exports), not the parsing of its own export requests. Every row carries the 1-minute load average.
// BENCH_DB=postgresql (or sqlite) runs one database only. On PostgreSQL every row carries "rtt_ms": 0
// at loopback; BENCH_PG_RTT_MS=1 (or 0.5) runs the database through bench/latency-proxy.ts, which adds
// that round-trip time. chain, resume and agent rows
// carry round trips (counted by PgDb, charged per operation: tests/helpers/round-trips.ts), and
//   round_trips — one 10-node chain run and one decision, operation by operation (exact counts; the
//                 same profile tests/engine/round-trips.test.ts asserts)
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Database as Db } from "@/lib/db/connection";
import { sqlitePath } from "@/lib/env";
import { createTestDb } from "@/tests/helpers/fresh-db";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { installExpressionIsolation } from "@/lib/engine/expression-isolation";
import { decideTask, startRun, type EngineDeps } from "@/lib/engine/run-service";
import type { CommitBatch, CommitResult } from "@/lib/engine/ports";
import { graph, publish, transformChain } from "@/tests/engine/helpers/graph";
import { runAgentScenario } from "./agent-scenario";
import { runFirstTokenScenario } from "./first-token-scenario";
import { runEvalScenario } from "./eval-scenario";
import type { StepEnded, Telemetry } from "@/lib/engine/telemetry";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { OtelTelemetry } from "@/lib/telemetry/otel-telemetry";
import { createTracer, type TracerHandle } from "@/lib/telemetry/tracer";
import { createMetrics } from "@/lib/telemetry/metrics";
import type { PgDb } from "@/lib/db/sql";
import { RoundTripLedger } from "@/tests/helpers/round-trips";
import { IDLE_OPS, profileRoundTrips } from "@/tests/helpers/round-trip-profile";
import { startLatencyProxy, viaProxy, type LatencyProxy } from "./latency-proxy";
import { workersBenchmark } from "./workers";
import { pgBackendCpu } from "./pg-cost";

type Dialect = "sqlite" | "postgresql";

interface Env {
  dialect: Dialect;
  db: Db;
  file?: string;
  drop(): Promise<void>;
}

async function freshDb(dialect: Dialect): Promise<Env> {
  const db = await createTestDb(dialect, { poolMax: 16 });
  return { dialect, db, file: db.dialect === "sqlite" ? sqlitePath(db.url) : undefined, drop: db.drop };
}

/** A store that timestamps commits containing a given step (resume latency). */
class TimedStore extends SqlEngineStore {
  onCommit: ((b: CommitBatch) => void) | null = null;
  override async commit(b: CommitBatch): Promise<CommitResult> {
    const r = await super.commit(b);
    this.onCommit?.(b);
    return r;
  }
}

/**
 * The local OTLP/HTTP receiver, in a child process (./otlp-receiver.mjs): a real deployment exports
 * to a collector in another process, so the receiving end is not charged to the engine's CPU here
 * either. (It used to run inside the benchmark's process, which charged the receiving end of every
 * export request, socket reads and HTTP parsing, to the engine's telemetry.)
 */
async function startOtlpReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "otlp-receiver.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`OTLP receiver exited (${code})`)));
    child.stdout.once("data", (d: Buffer) => resolve(String(d).trim()));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        child.removeAllListeners("exit");
        child.once("exit", () => r());
        child.stdin.end();
      }),
  };
}

/** What a 10-step run finished in memory hands to telemetry (the chain's shape), `runs` times. */
async function recordRuns(telemetry: Telemetry, runs: number): Promise<void> {
  for (let i = 0; i < runs; i++) {
    const runId = randomUUID();
    const now = Date.now();
    const steps: StepEnded[] = Array.from({ length: 10 }, (_, k) => ({
      runId,
      workflowId: "bench",
      stepKey: `t${k}`,
      nodeId: `t${k}`,
      kind: "transform",
      attempt: 1,
      status: "succeeded",
      outputHandle: "out",
      startedAtMs: now,
      finishedAtMs: now,
      error: null,
    }));
    telemetry.stepsCommitted("bench", steps);
    telemetry.runEnded({
      runId,
      workflowId: "bench",
      versionId: "v",
      status: "succeeded",
      startedAtMs: now,
      finishedAtMs: now,
      error: null,
    });
    if (i % 20 === 19) await new Promise((r) => setImmediate(r)); // let exports go out, as commits would
  }
}

/**
 * Telemetry "on": a tracer exporting over OTLP/HTTP to the receiver process, plus metrics. The export
 * path is warmed first, as the scenarios warm the engine: their warm-up runs make fewer spans than one
 * export batch, so the first serialisations (and their compilation) would fall inside the timed runs.
 */
async function telemetryOn(): Promise<{ telemetry: Telemetry; flush(): Promise<void>; close(): Promise<void> }> {
  const receiver = await startOtlpReceiver();
  const tracer: TracerHandle = createTracer({ endpoint: receiver.url, serviceName: "bench" });
  const telemetry = new OtelTelemetry({ tracer, metrics: createMetrics() });
  await recordRuns(telemetry, 300);
  await tracer.flush();
  return {
    telemetry,
    flush: () => tracer.flush(),
    async close() {
      await tracer.shutdown();
      await receiver.close();
    },
  };
}

let telemetry: Telemetry | undefined;
/** Round-trip time the latency proxy adds on PostgreSQL (0: loopback, no proxy). */
const RTT_MS = Number(process.env.BENCH_PG_RTT_MS ?? 0);
/** Charges PostgreSQL round trips to operations while a scenario runs (null on SQLite). */
let ledger: RoundTripLedger | null = null;

function ledgerFor(env: Env): RoundTripLedger | null {
  ledger = env.dialect === "postgresql" ? new RoundTripLedger(env.db.sql as PgDb) : null;
  return ledger;
}

/** Round trips per run by operation, and in all (the idle loop's polls and the bench's own queries excluded). */
function tripsPerRun(l: RoundTripLedger | null, runs: number): Record<string, unknown> {
  if (!l) return {};
  const { trips } = l.snapshot();
  const per = (n: number) => Math.round((n / runs) * 100) / 100;
  const counted = Object.entries(trips).filter(([op]) => !IDLE_OPS.has(op));
  return {
    round_trips_per_run: per(counted.reduce((a, [, n]) => a + n, 0)),
    round_trips: Object.fromEntries(counted.map(([op, n]) => [op, per(n)])),
  };
}

/**
 * Transactions per run that write, hence wait for a WAL flush on PostgreSQL: starts, claims that took
 * runs, and commit round trips (each a group commit of one or more runs' batches); plus the claims
 * that found nothing (a round trip, no write).
 */
function transactionsPerRun(l: RoundTripLedger | null, runs: number): Record<string, unknown> {
  if (!l) return {};
  const per = (n: number) => Math.round((n / runs) * 100) / 100;
  const claims = l.finished.filter((c) => c.op === "claimRuns");
  const took = claims.filter((c) => Array.isArray(c.value) && c.value.length > 0).length;
  const starts = l.finished.filter((c) => c.op === "start").length;
  const { trips } = l.snapshot();
  return {
    write_tx_per_run: per(starts + took + (trips.commit ?? 0)),
    empty_claims_per_run: per(claims.length - took),
    // the worker loop's look for the next due time, and clock re-reads
    idle_round_trips_per_run: per((trips.nextReadyAt ?? 0) + (trips.now ?? 0)),
  };
}

async function withEngine<T>(
  env: Env,
  fn: (deps: EngineDeps, store: TimedStore, worker: Worker) => Promise<T>,
  concurrency = 32,
): Promise<T> {
  const timed = new TimedStore(env.db.sql);
  const store = ledger ? ledger.wrap(timed) : timed;
  const notifier = new LocalNotifier();
  const worker = new Worker({ store, notifier, concurrency, leaseMs: 30_000, pollMs: 1000, log: () => undefined, telemetry });
  await worker.start({ register: false });
  // The worker installed the expression pool: let its first thread boot before anything is timed.
  await installExpressionIsolation().whenReady();
  try {
    return await fn({ store, notifier }, store, worker);
  } finally {
    await worker.stop({ graceMs: 5000 });
  }
}

function startRunCounted(deps: EngineDeps, input: Parameters<typeof startRun>[1]): ReturnType<typeof startRun> {
  return ledger ? ledger.run("start", () => startRun(deps, input)) : startRun(deps, input);
}

async function waitAll(env: Env, versionId: string, n: number, status = "succeeded", timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // one query per poll, every 5 ms: the polls are the benchmark's own work (its CPU and the
    // database's are counted with the engine's), so they are kept few and cheap
    const [row] = await env.db.sql.all<{ n: number; failed: number }>(
      `SELECT COUNT(*) FILTER (WHERE "status"=?) AS n, COUNT(*) FILTER (WHERE "status"='failed') AS failed FROM "Run" WHERE "versionId"=?`,
      [status, versionId],
    );
    if (Number(row.n) >= n) return;
    if (Number(row.failed) > 0) throw new Error(`${row.failed} runs failed`);
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${n} ${status} runs (have ${row.n})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function emit(o: Record<string, unknown>): void {
  const withTelemetry = o.scenario === "chain" || o.scenario === "resume" ? { telemetry: telemetry ? "on" : "off" } : {};
  const rtt = o.db === "postgresql" ? { rtt_ms: RTT_MS } : {};
  process.stdout.write(`${JSON.stringify({ ...o, ...rtt, ...withTelemetry, load1: Math.round(os.loadavg()[0] * 100) / 100 })}\n`);
}

const round = (x: number) => Math.round(x * 10) / 10;

async function ceiling(env: Env): Promise<number> {
  const N = 3000;
  if (env.dialect === "sqlite") {
    const raw = new Database(env.file!);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.exec(`CREATE TABLE IF NOT EXISTS bench_ceiling (id INTEGER PRIMARY KEY, v TEXT)`);
    const ins = raw.prepare(`INSERT INTO bench_ceiling (v) VALUES (?)`);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) ins.run("x"); // autocommit: one transaction per row
    const s = (performance.now() - t0) / 1000;
    raw.exec(`DROP TABLE bench_ceiling`);
    raw.close();
    return N / s;
  }
  await env.db.sql.run(`CREATE TABLE bench_ceiling (id SERIAL PRIMARY KEY, v TEXT)`);
  const t0 = performance.now();
  for (let i = 0; i < N / 3; i++) await env.db.sql.run(`INSERT INTO bench_ceiling (v) VALUES (?)`, ["x"]);
  const s = (performance.now() - t0) / 1000;
  await env.db.sql.run(`DROP TABLE bench_ceiling`);
  return N / 3 / s;
}

async function chain(env: Env): Promise<void> {
  const RUNS = Number(process.env.BENCH_CHAIN_RUNS ?? 200);
  const l = ledgerFor(env);
  const { versionId } = await publish(env.db.sql, transformChain(8));
  // warm-up: graph cache, expression pool, prepared statements
  const warm = await publish(env.db.sql, transformChain(8));
  await withEngine(env, async (deps) => {
    for (let i = 0; i < 20; i++) await startRun(deps, { versionId: warm.versionId, input: {}, initiatorId: null });
    await waitAll(env, warm.versionId, 20);
    l?.reset();
    const dbCpu = await pgBackendCpu(env.db.sql);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < RUNS; i++) await startRunCounted(deps, { versionId, input: { i }, initiatorId: "bench" });
    await waitAll(env, versionId, RUNS);
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const dbCpuMs = dbCpu ? await dbCpu() : null;
    const trips = tripsPerRun(l, RUNS);
    emit({
      scenario: "chain",
      db: env.dialect,
      runs: RUNS,
      steps: RUNS * 10,
      steps_per_s: Math.round((RUNS * 10) / s),
      runs_per_s: Math.round(RUNS / s),
      cpu_us_per_step: Math.round((cpu.user + cpu.system) / (RUNS * 10)),
      ...(dbCpuMs !== null ? { db_cpu_us_per_step: Math.round((dbCpuMs * 1000) / (RUNS * 10)) } : {}),
      ...transactionsPerRun(l, RUNS),
      ceiling_commits_per_s: Math.round(await ceiling(env)),
      ...trips,
    });
  });
}

function approvalGraph() {
  return graph()
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
}

async function parkAll(env: Env, deps: EngineDeps, versionId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await startRun(deps, { versionId, input: { i }, initiatorId: "bench" });
  await waitAll(env, versionId, n, "waiting");
}

async function taskIds(env: Env, versionId: string): Promise<string[]> {
  const rows = await env.db.sql.all<{ id: string }>(
    `SELECT "id" FROM "Task" WHERE "versionId"=? AND "status"='open' ORDER BY "createdAtMs"`,
    [versionId],
  );
  return rows.map((r) => r.id);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function resume(env: Env): Promise<void> {
  const RUNS = 200;
  const l = ledgerFor(env);
  const { versionId } = await publish(env.db.sql, approvalGraph());
  await withEngine(env, async (deps, store) => {
    await parkAll(env, deps, versionId, RUNS);
    const ids = await taskIds(env, versionId);
    l?.reset();
    const lat: number[] = [];
    for (const taskId of ids) {
      let resolveStarted!: () => void;
      const started = new Promise<void>((r) => (resolveStarted = r));
      let t0 = 0;
      store.onCommit = (b) => {
        if (b.steps.some((s) => s.stepKey === "t") && t0) resolveStarted();
      };
      const decide = () => decideTask(deps, { taskId, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
      await (l ? l.run("decision", decide) : decide());
      t0 = performance.now();
      await started;
      lat.push(performance.now() - t0);
    }
    store.onCommit = null;
    await waitAll(env, versionId, RUNS);
    emit({
      scenario: "resume",
      db: env.dialect,
      runs: RUNS,
      p50_ms: round(pct(lat, 50)),
      p95_ms: round(pct(lat, 95)),
      max_ms: round(Math.max(...lat)),
      ...(l ? { round_trips_per_decision: (l.snapshot().trips.decision ?? 0) / RUNS, ...tripsPerRun(l, RUNS) } : {}),
    });
  });
}

async function parked(env: Env): Promise<void> {
  const RUNS = 5000;
  const { versionId } = await publish(env.db.sql, approvalGraph());
  const warm = await publish(env.db.sql, approvalGraph());
  await withEngine(env, async (deps) => {
    await parkAll(env, deps, warm.versionId, 50);
    const before = process.memoryUsage().rss;
    await parkAll(env, deps, versionId, RUNS);
    const after = process.memoryUsage().rss;
    const ids = await taskIds(env, versionId);
    await Promise.all(
      Array.from({ length: 8 }, async (_, k) => {
        for (let i = k; i < ids.length; i += 8)
          await decideTask(deps, { taskId: ids[i], userId: "rev", userRoles: ["reviewer"], decision: "approve" });
      }),
    );
    await waitAll(env, versionId, RUNS);
    emit({ scenario: "parked", db: env.dialect, runs: RUNS, rss_growth_mb: round((after - before) / 1048576), all_completed: true });
  });
}

async function fanout(env: Env): Promise<void> {
  const RUNS = 100;
  const BR = 20;
  const b = graph()
    .start()
    .node({ id: "j", kind: "join", config: { mode: "all" } })
    .end("end", "$count($keys($.steps.j.output))");
  for (let i = 0; i < BR; i++) b.transform(`b${i}`, `$.input.i * ${i}`).edge("start", `b${i}`).edge(`b${i}`, "j");
  b.edge("j", "end");
  const { versionId } = await publish(env.db.sql, b.build());
  await withEngine(env, async (deps) => {
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) await startRun(deps, { versionId, input: { i }, initiatorId: null });
    await waitAll(env, versionId, RUNS);
    const s = (performance.now() - t0) / 1000;
    const steps = RUNS * (BR + 3);
    emit({ scenario: "fanout", db: env.dialect, runs: RUNS, branches: BR, steps, steps_per_s: Math.round(steps / s) });
  });
}

async function map(env: Env): Promise<void> {
  const ITEMS = 1000;
  const doc = graph()
    .start()
    .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 16 } })
    .transform("t", "{ 'i': $.index, 'sq': $.item * $.item }")
    .end("end", "$count($.steps.map.output)")
    .edge("start", "map")
    .edge("map", "t", "body")
    .back("t", "map")
    .edge("map", "end", "done")
    .build();
  const { versionId } = await publish(env.db.sql, doc);
  const warm = await publish(env.db.sql, doc);
  const xs = Array.from({ length: ITEMS }, (_, i) => i);
  await withEngine(env, async (deps) => {
    await startRun(deps, { versionId: warm.versionId, input: { xs: xs.slice(0, 50) }, initiatorId: null });
    await waitAll(env, warm.versionId, 1);
    const t0 = performance.now();
    await startRun(deps, { versionId, input: { xs }, initiatorId: null });
    await waitAll(env, versionId, 1);
    const s = (performance.now() - t0) / 1000;
    emit({ scenario: "map", db: env.dialect, items: ITEMS, concurrency: 16, items_per_s: Math.round(ITEMS / s), ms: Math.round(s * 1000) });
  });
}

async function subflow(env: Env): Promise<void> {
  const RUNS = 200;
  const child = await publish(
    env.db.sql,
    graph().start().transform("t", "{ 'doubled': $.input.i * 2 }").end("end", "$.steps.t.output").chain("start", "t", "end").build(),
  );
  const parentDoc = graph()
    .start()
    .node({ id: "sub", kind: "subworkflow", config: { workflowId: child.workflowId, version: String(child.version), input: "$.input" } })
    .end("end", "$.steps.sub.output")
    .chain("start", "sub", "end")
    .build();
  const { versionId } = await publish(env.db.sql, parentDoc);
  const warm = await publish(env.db.sql, parentDoc);
  await withEngine(env, async (deps) => {
    for (let i = 0; i < 10; i++) await startRun(deps, { versionId: warm.versionId, input: { i }, initiatorId: null });
    await waitAll(env, warm.versionId, 10);
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) await startRun(deps, { versionId, input: { i }, initiatorId: null });
    await waitAll(env, versionId, RUNS);
    const s = (performance.now() - t0) / 1000;
    emit({ scenario: "subflow", db: env.dialect, runs: RUNS, child_runs: RUNS, runs_per_s: Math.round(RUNS / s) });
  });
}

/**
 * What telemetry costs per step, without the engine: the spans and metrics of 10-step runs finished
 * in memory (the chain's shape), recorded and exported over OTLP/HTTP to the local receiver, or
 * handed to an exporter that keeps them in memory ("export":"none"). CPU µs per step, the best of 5 rounds:
 * steadier on a shared machine than the difference of two chain rows.
 */
async function telemetryCost(): Promise<void> {
  const kept = new InMemorySpanExporter(); // emptied after every round
  for (const exportTo of ["otlp-http", "none"] as const) {
    const t =
      exportTo === "none"
        ? (() => {
            const tracer = createTracer({ exporter: kept });
            return { telemetry: new OtelTelemetry({ tracer, metrics: createMetrics() }), flush: tracer.flush, close: tracer.shutdown };
          })()
        : await telemetryOn();
    const round = async (runs: number): Promise<number> => {
      const cpu0 = process.cpuUsage();
      await recordRuns(t.telemetry, runs);
      await t.flush();
      const cpu = process.cpuUsage(cpu0);
      kept.reset();
      return (cpu.user + cpu.system) / (runs * 10);
    };
    await round(300);
    const rounds: number[] = [];
    for (let k = 0; k < 5; k++) rounds.push(await round(1000));
    await t.close();
    emit({ scenario: "telemetry", export: exportTo, cpu_us_per_step: Math.round(Math.min(...rounds) * 10) / 10 });
  }
}

async function roundTrips(env: Env): Promise<void> {
  if (env.dialect !== "postgresql") return;
  emit({ scenario: "round_trips", db: env.dialect, nodes: 10, ...(await profileRoundTrips(env.db)) });
}

async function main(): Promise<void> {
  // BENCH_DB=postgresql (or sqlite): one database only
  const only = process.env.BENCH_DB;
  const dialects: Dialect[] = (process.env.TEST_DATABASE_URL ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const)).filter(
    (d) => !only || d === only,
  );
  if (process.argv[2] === "workers") return workersBenchmark(); // bench/workers.ts: 1, 2, 4 worker processes
  let proxy: LatencyProxy | null = null;
  if (RTT_MS > 0 && process.env.TEST_DATABASE_URL) {
    const u = new URL(process.env.TEST_DATABASE_URL);
    proxy = await startLatencyProxy({ targetHost: u.hostname, targetPort: Number(u.port || 5432), rttMs: RTT_MS });
    process.env.TEST_DATABASE_URL = viaProxy(process.env.TEST_DATABASE_URL, proxy.port);
  }
  try {
    await scenarios(dialects);
  } finally {
    await proxy?.close();
  }
}

async function scenarios(dialects: Dialect[]): Promise<void> {
  const only = process.argv[2];
  for (const d of dialects) {
    const agent = async (env: Env) => {
      await runAgentScenario(env.db, env.dialect, env.dialect === "postgresql" ? { rtt_ms: RTT_MS } : {});
    };
    const agentMcp = async (env: Env) => {
      await runAgentScenario(env.db, env.dialect, env.dialect === "postgresql" ? { rtt_ms: RTT_MS } : {}, "mcp");
    };
    const firstToken = async (env: Env) => {
      await runFirstTokenScenario(env.db, env.dialect, env.dialect === "postgresql" ? { rtt_ms: RTT_MS } : {});
    };
    const evaluation = async (env: Env) => {
      await runEvalScenario(env.db, env.dialect, env.dialect === "postgresql" ? { rtt_ms: RTT_MS } : {});
    };
    const on = (f: (env: Env) => Promise<void>) => async (env: Env) => {
      const t = await telemetryOn();
      telemetry = t.telemetry;
      try {
        await f(env);
      } finally {
        telemetry = undefined;
        await t.close();
      }
    };
    for (const [name, fn] of [
      ["round_trips", roundTrips],
      ["chain", chain],
      ["chain", on(chain)],
      ["resume", resume],
      ["resume", on(resume)],
      ["telemetry", telemetryCost],
      ["parked", parked],
      ["fanout", fanout],
      ["map", map],
      ["subflow", subflow],
      ["agent", agent],
      ["agent-mcp", agentMcp],
      ["first-token", firstToken],
      ["eval", evaluation],
    ] as const) {
      if (only && only !== name) continue;
      // BENCH_TELEMETRY=off|on keeps only the rows of one telemetry setting (profiling one path).
      const tOnly = process.env.BENCH_TELEMETRY;
      if (tOnly && (name === "chain" || name === "resume") && (fn === chain || fn === resume) !== (tOnly === "off")) continue;
      const env = await freshDb(d);
      try {
        await fn(env);
      } finally {
        ledger?.detach();
        ledger = null;
        await env.drop();
      }
    }
  }
}

// Exit explicitly once every row is printed: pools and exporters the scenarios started (expression
// worker threads, metrics registries) must not keep a finished benchmark running.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
