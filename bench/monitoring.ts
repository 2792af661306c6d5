// npm run bench:monitoring — JSON lines for the monitoring targets, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL:
//   runs-list  the list query (page + count + labels) for each single filter, first page
//   run-view   the run view data for a run of 500 steps
//   sse        step transition committed → received by a real HTTP SSE client
// Sizes: BENCH_RUNS (default 100000) runs × BENCH_STEPS_PER_RUN (default 10) steps.
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
    ["search:id-prefix", { q: "" }],
    ["search:input-value", { q: `REF-${Math.floor(RUNS / 2)}` }],
  ];
  const [someRun] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" LIMIT 1 OFFSET ?`, [Math.floor(RUNS / 3)]);
  filters[10][1] = { q: someRun.id.slice(0, 8) };
  let worst = 0;
  for (const [name, f] of filters) {
    const t = await time(() => listRunPage(db.sql, f, sort, seed.nowMs));
    worst = Math.max(worst, t.p95);
    emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: name, p50_ms: t.p50, p95_ms: t.p95 });
  }
  for (const [name, s] of [["sort:duration", { ...sort, sort: "duration" as const }], ["sort:cost", { ...sort, sort: "cost" as const }], ["page:100", { ...sort, page: 100 }]] as const) {
    const t = await time(() => listRunPage(db.sql, {}, s, seed.nowMs));
    emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: name, p50_ms: t.p50, p95_ms: t.p95, note: "not a target: sort/deep page" });
  }
  emit({ scenario: "runs-list", db: dialect, runs: seed.runs, steps: seed.steps, filter: "worst-single-filter", p95_ms: worst, target_ms: 100, ok: worst <= 100 });
}

async function main(): Promise<void> {
  const only = process.env.BENCH_DB;
  const dialects: Dialect[] = (process.env.TEST_DATABASE_URL ? (["sqlite", "postgresql"] as Dialect[]) : (["sqlite"] as Dialect[])).filter((d) => !only || d === only);
  for (const dialect of dialects) {
    const db = await freshDb(dialect);
    try {
      const t0 = performance.now();
      const seed = await seedMonitoringData(db.sql, { runs: RUNS, stepsPerRun: STEPS_PER_RUN });
      process.stderr.write(`[bench] seeded ${seed.runs} runs / ${seed.steps} steps on ${dialect} in ${Math.round(performance.now() - t0)} ms\n`);
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
