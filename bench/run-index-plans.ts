// npm run -s bench:run-index-plans — the plans of every read path that needs an index on "Run"
// (tests/helpers/run-read-paths.ts; lib/db/ARCHITECTURE.md, "Indexes on Run") on a database seeded
// before, at its own size: which indexes each path walks, whether any statement scans "Run", and its
// time (median of 5, after a warm-up; on PostgreSQL also the server's execution time of its reads,
// from EXPLAIN ANALYZE, and the pages they touched, which the machine's load does not change). One
// JSON line per path.
//   BENCH_PG_URL=postgresql://…/db or BENCH_SQLITE_FILE=/tmp/x.db: a database seeded by
//   `BENCH_HISTORY_STEPS=10000000 npm run -s bench:monitoring` (kept with the same variable). The
//   retention purge, the claim and the two history batches write (a few runs each): use a copy.
import os from "node:os";
import { openDatabase } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { explaining, fullScans, indexesIn, runReadPaths, type Explained } from "@/tests/helpers/run-read-paths";
import { readTimestamp } from "@/lib/db/row-codec";

async function main(): Promise<void> {
  const url = process.env.BENCH_PG_URL ?? (process.env.BENCH_SQLITE_FILE ? `file:${process.env.BENCH_SQLITE_FILE}` : null);
  if (!url) throw new Error("set BENCH_PG_URL or BENCH_SQLITE_FILE to a seeded database");
  const db = openDatabase(url, { poolMax: 4 });
  try {
    await migrate(db.sql);
    const ids = async (sql: string) => (await db.sql.all<{ id: string }>(sql)).map((r) => String(r.id));
    const [last] = await db.sql.all<{ t: unknown; n: number }>(`SELECT MAX("createdAt") AS "t", COUNT(*) AS "n" FROM "Run"`);
    const [subject] = await db.sql.all<{ h: string }>(`SELECT "subjectHash" AS "h" FROM "Run" WHERE "subjectHash" IS NOT NULL LIMIT 1`);
    const seed = {
      nowMs: Date.parse(readTimestamp(last.t)) + 1000,
      workflowIds: await ids(`SELECT "id" FROM "Workflow" ORDER BY "name"`),
      versionIds: await ids(`SELECT "id" FROM "WorkflowVersion" ORDER BY "workflowId", "version"`),
      userIds: await ids(`SELECT "id" FROM "User" ORDER BY "id"`),
      subjectHash: subject?.h ?? "none",
    };
    const runs = Number(last.n);
    for (const [name, run, expected] of runReadPaths(seed)) {
      await run(db.sql);
      const xs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await run(db.sql);
        xs.push(performance.now() - t0);
      }
      const e: Explained[] = [];
      await run(explaining(db.sql, e, true));
      const used = indexesIn(e);
      const execMs = e.reduce((s, x) => s + Number(/Execution Time: ([\d.]+) ms/.exec(x.plan)?.[1] ?? 0), 0);
      // pages each statement touched (its plan's first Buffers line is the whole statement's): a load-free cost
      const pages = e.reduce((s, x) => {
        const b = /Buffers: shared((?: \w+=\d+)+)/.exec(x.plan)?.[1] ?? "";
        return s + [...b.matchAll(/(?:hit|read)=(\d+)/g)].reduce((t, m) => t + Number(m[1]), 0);
      }, 0);
      process.stdout.write(
        `${JSON.stringify({
          scenario: "run-index-plans",
          db: db.dialect,
          runs,
          path: name,
          p50_ms: Math.round(xs.sort((a, b) => a - b)[2] * 100) / 100,
          ...(db.dialect === "postgresql" ? { server_exec_ms: Math.round(execMs * 100) / 100, pages } : {}),
          statements: e.length,
          run_scans: fullScans(db.dialect, e).length,
          indexes: [...used].sort(),
          expected_found: expected.every((ix) => ix.split("|").some((one) => used.has(one))),
          load1: Math.round(os.loadavg()[0] * 100) / 100,
        })}\n`,
      );
      if (process.env.BENCH_PLANS_VERBOSE) for (const x of e) process.stderr.write(`--- ${name}\n${x.sql}\n${x.plan}\n`);
    }
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
