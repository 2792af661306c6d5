// npm run bench:governance — JSON lines for the governance targets, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL:
//   purge    BENCH_PURGE_RUNS (default 100000) finished runs purged in batches by the retention job
//            while a chain workload runs: purged runs/s, and the chain's p95 run latency with the
//            purge against without it (chain_p95_slowdown 0.2 = 20 % worse; target ≤ 0.2), and
//            what each batch held: CPU and wall time inside its transaction (on SQLite, the write
//            lock every step commit needs), beside this process's CPU per chain step
//   erasure  a subject with 1,000 runs erased by the erasure job (target ≤ 10 s)
// plus the audit-list / audit-verify scenarios of bench/governance-audit.ts when it is present.
// Every line carries the 1-minute load average: the machine is shared. BENCH_DB=sqlite|postgresql
// runs one database; BENCH_SCENARIOS=purge,erasure,audit (default all) runs some of them, and
// BENCH_PURGE_BATCH overrides the purge's runs per batch (default: the purge's own, per database),
// BENCH_PURGE_BUDGET_MS its hold budget per batch ("Infinity": fixed batches).
import os from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { createWorkerHost } from "@/lib/server/worker-host";
import { startRun } from "@/lib/engine/run-service";
import { purgeExpired, setRetentionSettings, DEFAULT_AUDIT_RETENTION_DAYS } from "@/lib/governance/retention";
import { requestErasure, runErasureJobs } from "@/lib/governance/erasure";
import { subjectHash } from "@/lib/governance/subject-hash";
import { seedMonitoringData } from "@/tests/monitoring/helpers/bulk-seed";
import { createTestDb, type Dialect } from "@/tests/helpers/fresh-db";
import { publish, transformChain } from "@/tests/engine/helpers/graph";
import type { Param, Row, SqlDb } from "@/lib/db/sql";

const PURGE_RUNS = Number(process.env.BENCH_PURGE_RUNS ?? 100_000);
const STEPS_PER_RUN = Number(process.env.BENCH_STEPS_PER_RUN ?? 5);
const CHAIN_RUNS = Number(process.env.BENCH_CHAIN_RUNS ?? 60);
const ERASURE_RUNS = Number(process.env.BENCH_ERASURE_RUNS ?? 1000);
const PURGE_BATCH = process.env.BENCH_PURGE_BATCH ? Number(process.env.BENCH_PURGE_BATCH) : undefined;
/** The purge's hold budget per batch in ms ("Infinity": fixed batches); default: the purge's own. */
const PURGE_BUDGET = process.env.BENCH_PURGE_BUDGET_MS ? Number(process.env.BENCH_PURGE_BUDGET_MS) : undefined;
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? "erasure,purge,audit").split(",").map((s) => s.trim()));

function emit(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...o, loadavg: Math.round(os.loadavg()[0] * 100) / 100 })}\n`);
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil(p * s.length) - 1))];
}
const p95 = (xs: number[]): number => pct(xs, 0.95);

/** Runs CHAIN_RUNS chain runs two at a time; each run's start → succeeded latency in ms. */
async function chainLatencies(store: SqlEngineStore, versionId: string, n: number): Promise<number[]> {
  const out: number[] = [];
  const one = async () => {
    const t0 = performance.now();
    const run = await startRun({ store }, { versionId, input: {}, initiatorId: null });
    for (;;) {
      const r = await store.getRun(run.id);
      if (r && (r.status === "succeeded" || r.status === "failed")) break;
      await new Promise((res) => setTimeout(res, 2));
    }
    out.push(performance.now() - t0);
  };
  for (let i = 0; i < n; i += 2) await Promise.all([one(), one()]);
  return out;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The database, with CPU and wall time inside each transaction recorded (the purge's batches). */
function holdRecorder(db: SqlDb): { db: SqlDb; cpu: number[]; wall: number[] } {
  const cpu: number[] = [];
  const wall: number[] = [];
  const recorded: SqlDb = {
    dialect: db.dialect,
    all: <T = Row>(sql: string, params?: Param[]) => db.all<T>(sql, params),
    run: (sql, params) => db.run(sql, params),
    now: () => db.now(),
    close: async () => undefined,
    tx: (fn) =>
      db.tx(async (q) => {
        const c = cpuMs();
        const w = performance.now();
        try {
          return await fn(q);
        } finally {
          cpu.push(cpuMs() - c);
          wall.push(performance.now() - w);
        }
      }),
  };
  return { db: recorded, cpu, wall };
}

async function finishedCount(db: SqlDb): Promise<number> {
  const rows = await db.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "finishedAtMs" IS NOT NULL AND "parentRunId" IS NULL`);
  return Number(rows[0].n);
}

async function benchPurge(dialect: Dialect): Promise<void> {
  const db = await createTestDb(dialect);
  try {
    // finished runs are ~75 % of the seeded mix: seed enough for PURGE_RUNS finished ones
    const seeded = Math.ceil(PURGE_RUNS / 0.75);
    const now = Date.now();
    await seedMonitoringData(db.sql, { runs: seeded, stepsPerRun: STEPS_PER_RUN, nowMs: now - 2 * 86_400_000, spanMs: 30 * 86_400_000 });
    const store = new SqlEngineStore(db.sql);
    const host = createWorkerHost({
      sql: db.sql,
      store,
      concurrency: 4,
      leaseMs: 10_000,
      pollMs: 20,
      httpAllowList: [],
      log: () => undefined,
      inbox: false,
      agents: false,
      resolveCredential: null,
    });
    await host.start({ register: false });
    const { versionId } = await publish(db.sql, transformChain(8));
    await chainLatencies(store, versionId, 6); // warm up
    const cpu0 = cpuMs();
    const without = p95(await chainLatencies(store, versionId, CHAIN_RUNS));
    // 10 steps a run (start, 8 transforms, end); the bench's own polling of the runs is included
    const stepCpuMs = (cpuMs() - cpu0) / (CHAIN_RUNS * 10);
    const holds = holdRecorder(db.sql);

    const before = await finishedCount(db.sql);
    await setRetentionSettings(db.sql, { runRetentionDays: 1, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS }, "bench");
    let purged = 0;
    let purging = true;
    const t0 = performance.now();
    const purge = (async () => {
      for (;;) {
        // The sweeper's own settings (batch size, duty cycle): what a production purge does to runs.
        const r = await purgeExpired({ db: holds.db, batchRuns: PURGE_BATCH, holdBudgetMs: PURGE_BUDGET });
        purged += r.runs;
        if (!r.more) break;
      }
      purging = false;
    })();
    const withPurge: number[] = [];
    while (purging) {
      withPurge.push(...(await chainLatencies(store, versionId, 2)));
    }
    await purge;
    const seconds = (performance.now() - t0) / 1000;
    await host.stop({ graceMs: 2000 });
    const after = await finishedCount(db.sql);
    emit({
      scenario: "purge",
      db: dialect,
      runs: purged,
      batch_runs: PURGE_BATCH ?? "default",
      hold_budget_ms: PURGE_BUDGET === undefined ? "default" : String(PURGE_BUDGET),
      finished_before: before,
      finished_after: after,
      seconds: round(seconds),
      runs_per_s: Math.round(purged / seconds),
      chain_runs_during: withPurge.length,
      chain_p95_ms_without: round(without),
      chain_p95_ms_with: round(p95(withPurge)),
      chain_p95_slowdown: round(p95(withPurge) / without - 1),
      batches: holds.cpu.length,
      hold_cpu_ms_p50: round(pct(holds.cpu, 0.5)),
      hold_cpu_ms_p95: round(p95(holds.cpu)),
      hold_cpu_ms_max: round(Math.max(...holds.cpu)),
      hold_wall_ms_p95: round(p95(holds.wall)),
      chain_step_cpu_ms: round(stepCpuMs),
    });
  } finally {
    await db.drop();
  }
}

async function benchErasure(dialect: Dialect): Promise<void> {
  const db = await createTestDb(dialect);
  try {
    await seedMonitoringData(db.sql, { runs: Math.ceil(ERASURE_RUNS / 0.75) + 2000, stepsPerRun: 10, nowMs: Date.now() });
    const subject = "bench-subject-0001";
    const hash = subjectHash(subject);
    const ids = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "finishedAtMs" IS NOT NULL ORDER BY "id" LIMIT ?`, [
      ERASURE_RUNS,
    ]);
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500).map((r) => r.id);
      await db.sql.run(`UPDATE "Run" SET "subjectHash"=? WHERE "id" IN (${part.map(() => "?").join(",")})`, [hash, ...part]);
    }
    const store = new SqlEngineStore(db.sql);
    const t0 = performance.now();
    const job = await requestErasure(db.sql, { subject, actorId: "bench" });
    const done = await runErasureJobs({ db: db.sql, store, owner: "bench" });
    const seconds = (performance.now() - t0) / 1000;
    emit({
      scenario: "erasure",
      db: dialect,
      runs: done?.runsDone ?? 0,
      requested: job.runsTotal,
      seconds: round(seconds),
      counts: done?.counts,
    });
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_DB as Dialect | undefined;
  const dialects: Dialect[] = only ? [only] : process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
  for (const d of dialects) {
    if (SCENARIOS.has("erasure")) await benchErasure(d);
    if (SCENARIOS.has("purge")) await benchPurge(d);
  }
  const audit = path.join(__dirname, "governance-audit.ts");
  if (SCENARIOS.has("audit") && existsSync(audit)) {
    const mod = (await import(audit)) as { auditScenarios?: (dialect: Dialect) => Promise<void> };
    if (typeof mod.auditScenarios === "function") for (const d of dialects) await mod.auditScenarios(d);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
