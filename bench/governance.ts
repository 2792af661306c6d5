// npm run bench:governance — JSON lines for the governance targets, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL:
//   purge    BENCH_PURGE_RUNS (default 100000) finished runs seeded; the retention job purges them in
//            batches while a chain workload runs (start, 8 transforms, end; two runs at a time).
//            The chain's p95 moves ±30 % between identical runs on a shared machine, so the bench
//            interleaves segments of BENCH_SEGMENT_S seconds (default 20): chains alone (A), chains
//            beside the purge (B), A, B, … A, BENCH_PURGE_PAIRS (default 5) B segments. Each B is
//            compared with the mean of the A on either side; chain_p95_slowdown is the median over the
//            pairs of the p95 step latency (each step's finish from the previous one's, database times;
//            0.2 = 20 % worse, target ≤ 0.2), with every pair's value, their spread, and the noise
//            floor (how far each A is from the next). The run latency's p95 is reported beside it
//            (chain_run_*): ten steps and the bench's polling in one number, it is far noisier. Also
//            purged runs/s (purge time in B segments), the CPU the purge added per purged run
//            (each B's process CPU less its chains at the surrounding A's CPU per chain run) and inside
//            its transactions (on SQLite the write lock every step commit needs), and what each batch
//            held. One `purge-segment` line per segment, then the `purge` row.
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
import { withTx } from "@/tests/governance/helpers";
import type { SqlDb } from "@/lib/db/sql";

const PURGE_RUNS = Number(process.env.BENCH_PURGE_RUNS ?? 100_000);
const STEPS_PER_RUN = Number(process.env.BENCH_STEPS_PER_RUN ?? 5);
/** Transforms in the chain workload (it has start + these + end steps). */
const CHAIN_TRANSFORMS = Number(process.env.BENCH_CHAIN_TRANSFORMS ?? 8);
/** Seconds of each measured segment (chains alone, or chains beside the purge). */
const SEGMENT_S = Number(process.env.BENCH_SEGMENT_S ?? 20);
/** With/without pairs: A B A B … A, each B against the A on either side. */
const PAIRS = Number(process.env.BENCH_PURGE_PAIRS ?? 5);
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

/** One chain run: its start → succeeded latency as the bench saw it, and its id (its steps' times are read after). */
interface ChainSample {
  runMs: number;
  runId: string;
}

/** Runs chains two at a time until `untilMs` (performance.now) has passed; each run's start → succeeded latency. */
async function chainFor(store: SqlEngineStore, versionId: string, untilMs: number, minRuns = 2): Promise<ChainSample[]> {
  const out: ChainSample[] = [];
  const one = async () => {
    const t0 = performance.now();
    const run = await startRun({ store }, { versionId, input: {}, initiatorId: null });
    for (;;) {
      const r = await store.getRun(run.id);
      if (r && (r.status === "succeeded" || r.status === "failed")) break;
      await new Promise((res) => setTimeout(res, 2));
    }
    out.push({ runMs: performance.now() - t0, runId: run.id });
  };
  while (out.length < minRuns || performance.now() < untilMs) await Promise.all([one(), one()]);
  return out;
}

/**
 * Step latencies of the given runs from the database's own times: each step's finish minus the
 * previous step's finish (the first step from the run's start). A step that waited for a purge
 * batch (SQLite's write lock, the event loop, PostgreSQL's server) shows it here.
 */
async function stepLatencies(db: SqlDb, runIds: string[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runIds.length; i += 200) {
    const part = runIds.slice(i, i + 200);
    const marks = part.map(() => "?").join(",");
    const runs = await db.all<{ id: string; startedAtMs: number }>(`SELECT "id","startedAtMs" FROM "Run" WHERE "id" IN (${marks})`, part);
    const steps = await db.all<{ runId: string; finishedAtMs: number }>(
      `SELECT "runId","finishedAtMs" FROM "Step" WHERE "runId" IN (${marks}) AND "finishedAtMs" IS NOT NULL`,
      part,
    );
    const byRun = new Map<string, number[]>();
    for (const s of steps) byRun.set(s.runId, [...(byRun.get(s.runId) ?? []), Number(s.finishedAtMs)]);
    for (const r of runs) {
      const fin = (byRun.get(r.id) ?? []).sort((a, b) => a - b);
      let prev = Number(r.startedAtMs);
      for (const f of fin) {
        out.push(f - prev);
        prev = f;
      }
    }
  }
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
  const recorded = withTx(db, (fn) =>
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
  );
  return { db: recorded, cpu, wall };
}

/** Top-level runs that finished before the cutoff: what the purge has left to delete (the chains' own runs are newer). */
async function expiredCount(db: SqlDb, cutoffMs: number): Promise<number> {
  const rows = await db.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "finishedAtMs" < ? AND "parentRunId" IS NULL`, [
    cutoffMs,
  ]);
  return Number(rows[0].n);
}

const median = (xs: number[]): number => pct(xs, 0.5);
const load3 = (): number[] => os.loadavg().map((x) => round(x));

interface Segment {
  kind: "without" | "with";
  seconds: number;
  chainRuns: number;
  runP95: number;
  stepP95: number;
  steps: number[];
  runs: number[];
  cpuMs: number;
  purged: number;
  purgeSeconds: number;
  batches: number;
  load: number[];
}

/**
 * The purge beside a chain workload, as interleaved measurements: a segment of chains alone (A), one
 * with the purge running (B), A, B, … A. Each B is compared with the two A segments around it, so
 * a drift of the machine's load moves both sides; the slowdown reported is the median over the pairs,
 * with its spread, and the spread of the A segments against each other says how much one pair can
 * be trusted at all.
 */
async function benchPurge(dialect: Dialect): Promise<void> {
  const db = await createTestDb(dialect);
  try {
    // finished runs are ~75 % of the seeded mix: seed enough for PURGE_RUNS finished ones
    const seeded = Math.ceil(PURGE_RUNS / 0.75);
    const now = Date.now();
    const seedT0 = performance.now();
    await seedMonitoringData(db.sql, { runs: seeded, stepsPerRun: STEPS_PER_RUN, nowMs: now - 2 * 86_400_000, spanMs: 30 * 86_400_000 });
    await db.sql.run(`ANALYZE`); // as a production database would be: the planner sees the seeded sizes
    const seedSeconds = (performance.now() - seedT0) / 1000;
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
    const { versionId } = await publish(db.sql, transformChain(CHAIN_TRANSFORMS));
    await chainFor(store, versionId, performance.now() + 3000); // warm up
    const holds = holdRecorder(db.sql);
    const cutoff = Date.now() - 86_400_000;
    const before = await expiredCount(db.sql, cutoff);
    await setRetentionSettings(db.sql, { runRetentionDays: 1, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS }, "bench");

    let exhausted = false;
    const segment = async (kind: Segment["kind"]): Promise<Segment> => {
      const load = load3();
      const c0 = cpuMs();
      const t0 = performance.now();
      const batches0 = holds.cpu.length;
      let purged = 0;
      let purgeSeconds = 0;
      const stop = new AbortController();
      const purge =
        kind === "with"
          ? (async () => {
              const p0 = performance.now();
              while (!stop.signal.aborted) {
                // the sweeper's own settings (batch size, pacing): what a production purge does to runs
                const r = await purgeExpired({ db: holds.db, batchRuns: PURGE_BATCH, holdBudgetMs: PURGE_BUDGET, signal: stop.signal });
                purged += r.runs;
                if (!r.more) {
                  exhausted = true;
                  break;
                }
              }
              purgeSeconds = (performance.now() - p0) / 1000;
            })()
          : Promise.resolve();
      const chains = await chainFor(store, versionId, t0 + SEGMENT_S * 1000);
      stop.abort();
      await purge;
      const seconds = (performance.now() - t0) / 1000;
      const cpu = cpuMs() - c0;
      const steps = await stepLatencies(
        db.sql,
        chains.map((c) => c.runId),
      );
      const runs = chains.map((c) => c.runMs);
      const seg: Segment = {
        kind,
        seconds,
        chainRuns: chains.length,
        runP95: p95(runs),
        stepP95: p95(steps),
        steps,
        runs,
        cpuMs: cpu,
        purged,
        purgeSeconds,
        batches: holds.cpu.length - batches0,
        load,
      };
      emit({
        scenario: "purge-segment",
        db: dialect,
        purge: kind === "with",
        seconds: round(seconds),
        chain_runs: seg.chainRuns,
        chain_step_p95_ms: round(seg.stepP95),
        chain_run_p95_ms: round(seg.runP95),
        cpu_ms: round(cpu),
        purged,
        batches: seg.batches,
      });
      return seg;
    };

    const a: Segment[] = [await segment("without")];
    const b: Segment[] = [];
    for (let i = 0; i < PAIRS && !exhausted; i++) {
      b.push(await segment("with"));
      a.push(await segment("without"));
    }
    await host.stop({ graceMs: 2000 });
    const after = await expiredCount(db.sql, cutoff);

    // each B against the mean of the A before and the A after it
    const slow = (pick: (s: Segment) => number) => b.map((s, i) => pick(s) / ((pick(a[i]) + pick(a[i + 1])) / 2) - 1);
    const stepSlow = slow((s) => s.stepP95);
    const runSlow = slow((s) => s.runP95);
    // the noise floor: each A against the next A, as if one were the purge
    const noise = (pick: (s: Segment) => number) => a.slice(1).map((s, i) => Math.abs(pick(s) / pick(a[i]) - 1));
    const spread = (xs: number[]) => ({ min: round(Math.min(...xs)), max: round(Math.max(...xs)) });
    const pooled = (pick: (s: Segment) => number[], segs: Segment[]) => p95(segs.flatMap(pick));
    const purged = b.reduce((n, s) => n + s.purged, 0);
    const purgeSeconds = b.reduce((n, s) => n + s.purgeSeconds, 0);
    // CPU the purge added: each B's CPU less its chain runs at the CPU per chain run of the A around it
    const aCpuPerRun = (i: number) => (a[i].cpuMs + a[i + 1].cpuMs) / (a[i].chainRuns + a[i + 1].chainRuns);
    const purgeCpu = b.reduce((n, s, i) => n + (s.cpuMs - aCpuPerRun(i) * s.chainRuns), 0);
    const holdCpu = holds.cpu.reduce((n, x) => n + x, 0);
    const loads = [...a, ...b].map((s) => s.load[0]);
    emit({
      scenario: "purge",
      db: dialect,
      seeded_runs: seeded,
      seed_seconds: round(seedSeconds),
      expired_before: before,
      expired_after: after,
      runs: purged,
      exhausted,
      batch_runs: PURGE_BATCH ?? "default",
      hold_budget_ms: PURGE_BUDGET === undefined ? "default" : String(PURGE_BUDGET),
      pairs: b.length,
      segment_s: SEGMENT_S,
      runs_per_s: Math.round(purged / purgeSeconds),
      chain_p95_slowdown: round(median(stepSlow)),
      chain_p95_slowdown_pairs: stepSlow.map((x) => round(x)),
      chain_p95_slowdown_spread: spread(stepSlow),
      chain_p95_noise_without: round(median(noise((s) => s.stepP95))),
      chain_p95_noise_without_max: round(Math.max(...noise((s) => s.stepP95))),
      chain_step_p95_ms_without: a.map((s) => round(s.stepP95)),
      chain_step_p95_ms_with: b.map((s) => round(s.stepP95)),
      chain_step_p95_pooled_slowdown: round(pooled((s) => s.steps, b) / pooled((s) => s.steps, a) - 1),
      chain_run_p95_slowdown: round(median(runSlow)),
      chain_run_p95_slowdown_spread: spread(runSlow),
      chain_run_p95_noise_without: round(median(noise((s) => s.runP95))),
      chain_run_p95_ms_without: a.map((s) => round(s.runP95)),
      chain_run_p95_ms_with: b.map((s) => round(s.runP95)),
      batches: holds.cpu.length,
      runs_per_batch: round(purged / Math.max(1, holds.cpu.length), 1),
      hold_cpu_ms_p50: round(pct(holds.cpu, 0.5)),
      hold_cpu_ms_p95: round(p95(holds.cpu)),
      hold_cpu_ms_max: round(Math.max(...holds.cpu)),
      hold_wall_ms_p95: round(p95(holds.wall)),
      purge_cpu_ms_per_run: round(purgeCpu / Math.max(1, purged), 3),
      purge_hold_cpu_ms_per_run: round(holdCpu / Math.max(1, purged), 3),
      chain_cpu_ms_per_run: round(a.reduce((n, s) => n + s.cpuMs, 0) / a.reduce((n, s) => n + s.chainRuns, 0)),
      load_min: round(Math.min(...loads)),
      load_max: round(Math.max(...loads)),
      load_end: load3(),
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
