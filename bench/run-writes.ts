// npm run -s bench:run-writes — what a 10-node chain run writes on PostgreSQL, per run and per step,
// as JSON lines: rows (inserted, updated, of which HOT, deleted) per table, index tuples inserted per
// index of "Run" and "Step", and WAL bytes (total, and per relation). Exact counts, not timings, so a
// loaded machine does not move them. Needs TEST_DATABASE_URL (a superuser: pg_walinspect, CHECKPOINT).
//
// Two phases, each after a CHECKPOINT (so each page's first change writes its full image, every time):
//   engine   BENCH_WRITES_RUNS (default 1000) chain runs started and finished by one worker
//   history  the worker's history pass over them: the dashboard rollup, then the archive move
// Index tuples are the B-tree insert records of each index in the WAL (pg_walinspect): a new row, and
// every update that is not HOT, adds one tuple to each index whose predicate it meets, so this is the
// write amplification the "Run" table's indexes cost (lib/db/ARCHITECTURE.md, "Indexes on Run").
import os from "node:os";
import pg from "pg";
import { createTestDb, type TestDatabase } from "@/tests/helpers/fresh-db";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { installExpressionIsolation } from "@/lib/engine/expression-isolation";
import { startRun } from "@/lib/engine/run-service";
import { rollupFinishedRunBatch } from "@/lib/db/run-rollup-store";
import { archiveFinishedRunBatch } from "@/lib/db/history-archive-store";
import { publish, transformChain } from "@/tests/engine/helpers/graph";

const RUNS = Number(process.env.BENCH_WRITES_RUNS ?? 1000);
const STEPS_PER_RUN = 10;
const TABLES = ["Run", "Step", "RunEvent", "ModelCall", "StepArchive", "RunEventArchive", "RunRollup"];

interface TableStats {
  ins: number;
  upd: number;
  hot: number;
  del: number;
}

interface Snapshot {
  lsn: string;
  tables: Map<string, TableStats>;
}

async function snapshot(db: TestDatabase): Promise<Snapshot> {
  // a backend reports its table counters when it goes idle, or at the latest 10 s after a flush was skipped: wait them out
  await new Promise((r) => setTimeout(r, 11_000));
  // committed work is flushed (synchronous commit); pg_walinspect reads up to the flush position
  const [l] = await db.sql.all<{ lsn: string }>(`SELECT pg_current_wal_flush_lsn()::text AS "lsn"`);
  const rows = await db.sql.all<{ t: string; ins: string; upd: string; hot: string; del: string }>(
    `SELECT "relname" AS "t", "n_tup_ins" AS "ins", "n_tup_upd" AS "upd", "n_tup_hot_upd" AS "hot", "n_tup_del" AS "del" FROM pg_stat_user_tables`,
  );
  return {
    lsn: l.lsn,
    tables: new Map(rows.map((r) => [r.t, { ins: Number(r.ins), upd: Number(r.upd), hot: Number(r.hot), del: Number(r.del) }])),
  };
}

/**
 * B-tree tuples inserted and WAL bytes per relation of this database, between two LSNs. The WAL is the
 * whole server's: records of other databases (other tests, other benchmarks) are left out, and so are
 * records without a block (commit records: one per transaction, 40 to 60 bytes).
 */
async function walByRelation(db: TestDatabase, from: string, to: string) {
  const rows = await db.sql.all<{ rel: string | null; rm: string; rt: string; n: string; bytes: string }>(
    `SELECT c."relname" AS "rel", w."resource_manager" AS "rm", w."record_type" AS "rt", COUNT(*) AS "n", SUM(w."record_length") AS "bytes"
     FROM (SELECT *, regexp_match("block_ref", 'rel \\d+/(\\d+)/(\\d+)') AS "m" FROM pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn)) w
     LEFT JOIN pg_class c ON c."relfilenode" = w."m"[2]::oid
     WHERE w."m"[1]::oid = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())
     GROUP BY 1, 2, 3`,
    [from, to],
  );
  const indexTuples: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  for (const r of rows) {
    const rel = r.rel ?? "(other)";
    bytes[rel] = (bytes[rel] ?? 0) + Number(r.bytes);
    if (r.rm === "Btree" && /^(INSERT_LEAF|INSERT_POST|SPLIT_L|SPLIT_R)$/.test(r.rt))
      indexTuples[rel] = (indexTuples[rel] ?? 0) + Number(r.n);
  }
  return { indexTuples, bytes };
}

const per = (n: number, d: number) => Math.round((n / d) * 100) / 100;

async function phase(db: TestDatabase, name: string, runs: number, work: () => Promise<void>): Promise<void> {
  // a temporary replication slot keeps the phase's WAL until it is read (other databases' work on
  // the server may otherwise checkpoint it away); it goes with this session, even if the run dies
  const keeper = new pg.Client({ connectionString: db.url });
  await keeper.connect();
  let wal: Awaited<ReturnType<typeof walByRelation>>;
  let a: Snapshot;
  let b: Snapshot;
  try {
    await keeper.query(`SELECT pg_create_physical_replication_slot($1, true, true)`, [`run_writes_${process.pid}`]);
    await db.sql.run(`CHECKPOINT`);
    a = await snapshot(db);
    await work();
    b = await snapshot(db);
    wal = await walByRelation(db, a.lsn, b.lsn);
  } finally {
    await keeper.end();
  }
  const walBytes = Object.values(wal.bytes).reduce((x, y) => x + y, 0);
  const rows: Record<string, Record<string, number>> = {};
  let rowsWritten = 0;
  for (const t of TABLES) {
    const x = a.tables.get(t);
    const y = b.tables.get(t);
    if (!x || !y) continue;
    const d = { ins: y.ins - x.ins, upd: y.upd - x.upd, hot_upd: y.hot - x.hot, del: y.del - x.del };
    rowsWritten += d.ins + d.upd + d.del;
    rows[t] = { ins: per(d.ins, runs), upd: per(d.upd, runs), hot_upd: per(d.hot_upd, runs), del: per(d.del, runs) };
  }
  const ofTable = (t: string) =>
    Object.fromEntries(
      Object.entries(wal.indexTuples)
        .filter(([rel]) => rel.startsWith(`${t}_`))
        .sort(([p], [q]) => p.localeCompare(q))
        .map(([rel, n]) => [rel, per(n, runs)]),
    );
  const sum = (o: Record<string, number>) => Math.round(Object.values(o).reduce((s, v) => s + v, 0) * 100) / 100;
  const runIdx = ofTable("Run");
  const stepIdx = ofTable("Step");
  process.stdout.write(
    `${JSON.stringify({
      scenario: "run-writes",
      db: "postgresql",
      phase: name,
      runs,
      steps: runs * STEPS_PER_RUN,
      run_indexes: Number((await db.sql.all<{ n: string }>(`SELECT COUNT(*) AS "n" FROM pg_indexes WHERE "tablename" = 'Run'`))[0].n),
      wal_bytes_per_run: Math.round(walBytes / runs),
      wal_bytes_per_step: Math.round(walBytes / (runs * STEPS_PER_RUN)),
      rows_written_per_step: per(rowsWritten, runs * STEPS_PER_RUN),
      run_index_tuples_per_run: sum(runIdx),
      step_index_tuples_per_run: sum(stepIdx),
      run_wal_bytes_per_run: Math.round(
        Object.entries(wal.bytes)
          .filter(([rel]) => rel === "Run" || rel.startsWith("Run_"))
          .reduce((s, [, v]) => s + v, 0) / runs,
      ),
      rows_per_run: rows,
      run_index_tuples: runIdx,
      step_index_tuples: stepIdx,
      load1: Math.round(os.loadavg()[0] * 100) / 100,
    })}\n`,
  );
}

async function main(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) throw new Error("bench:run-writes measures PostgreSQL: set TEST_DATABASE_URL");
  const db = await createTestDb("postgresql", { poolMax: 16 });
  try {
    await db.sql.run(`CREATE EXTENSION IF NOT EXISTS pg_walinspect`);
    const { versionId } = await publish(db.sql, transformChain(8));
    const store = new SqlEngineStore(db.sql);
    const notifier = new LocalNotifier();
    const worker = new Worker({ store, notifier, concurrency: 32, leaseMs: 30_000, pollMs: 1000, log: () => undefined });
    await worker.start({ register: false });
    await installExpressionIsolation().whenReady();
    const done = async () => {
      for (;;) {
        const [r] = await db.sql.all<{ n: string }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "status"='succeeded' AND "versionId"=?`, [
          versionId,
        ]);
        if (Number(r.n) >= RUNS) return;
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    try {
      await phase(db, "engine", RUNS, async () => {
        for (let i = 0; i < RUNS; i++) await startRun({ store, notifier }, { versionId, input: { i }, initiatorId: "bench" });
        await done();
      });
    } finally {
      await worker.stop({ graceMs: 5000 });
    }
    await phase(db, "history", RUNS, async () => {
      const nowMs = Date.now() + 1000;
      while ((await rollupFinishedRunBatch(db.sql, { limit: 500, nowMs })) > 0);
      while ((await archiveFinishedRunBatch(db.sql, { cutoffMs: nowMs, limit: 100, nowMs })).runs > 0);
    });
  } finally {
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
