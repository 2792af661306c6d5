// npm run bench:monitoring — JSON lines for the monitoring targets, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL:
//   runs-list  the list query (page + count + labels) for each single filter, first page
//   run-view   the run view data for a run of 500 steps
//   sse        step transition committed → received by a real HTTP SSE client
// Sizes: BENCH_RUNS (default 100000) runs × BENCH_STEPS_PER_RUN (default 10) steps. BENCH_DB=sqlite|postgresql
// runs one database; BENCH_SQLITE_FILE / BENCH_PG_URL reuse a database seeded by an earlier run.
import { performance } from "node:perf_hooks";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { seedMonitoringData, type SeedResult } from "@/tests/monitoring/helpers/bulk-seed";
import { listRunPage } from "@/lib/monitoring/run-list-query";
import { runListSortSchema, type RunListFilter } from "@/lib/monitoring/run-list-filter";

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
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "switchyard-bench-"));
    const db = openDatabase(`file:${path.join(dir, "bench.db")}`);
    await migrate(db.sql);
    return { ...db, drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `sy_bench_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const db = openDatabase(u.toString(), { poolMax: 8 });
  await migrate(db.sql);
  return {
    ...db,
    drop: async () => {
      await db.close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const round = (n: number) => Math.round(n * 100) / 100;

async function time(fn: () => Promise<unknown>, iter = ITER): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 3; i++) await fn();
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
    emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: name, p50_ms: t.p50, p95_ms: t.p95, ...(dialect === "postgresql" ? { pg_trgm_index: trgm } : {}) });
  }
  for (const [name, s] of [["sort:duration", { ...sort, sort: "duration" as const }], ["sort:cost", { ...sort, sort: "cost" as const }], ["page:100", { ...sort, page: 100 }]] as const) {
    const t = await time(() => listRunPage(db.sql, {}, s, seed.nowMs));
    emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: name, p50_ms: t.p50, p95_ms: t.p95, note: "not a target: sort/deep page" });
  }
  emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: "worst-single-filter", p95_ms: worst, target_ms: 100, ok: worst <= 100 });
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

async function main(): Promise<void> {
  const only = process.env.BENCH_DB;
  const dialects: Dialect[] = (process.env.TEST_DATABASE_URL ? (["sqlite", "postgresql"] as Dialect[]) : (["sqlite"] as Dialect[])).filter((d) => !only || d === only);
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
    } finally {
      await db.drop();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
