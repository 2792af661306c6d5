// The indexes of "Run" and "Step" are a cost on every run the engine writes (lib/db/ARCHITECTURE.md,
// "Indexes on Run"): each one there is documented with the queries that need it, and each read path
// that needs one still finds it. Two checks, on both databases:
// - the indexes a fresh migrate makes are exactly the documented ones (an index added without a row
//   in the table, or a documented one dropped, fails here);
// - the run list, dashboard, facets, retention purge, alerts, erasure by subject, sub-workflow
//   children, the claim and the two history backlogs are run against a seeded database, and every
//   statement they send that reads "Run" is explained: none scans the table, and each path walks the
//   index it is documented to use. PostgreSQL plans with sequential scans disabled (a table of a few
//   hundred rows would rightly be scanned; a scan that remains has no index to use); SQLite plans
//   without statistics, as a fresh database does.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/connection";
import { explaining, fullScans, indexesIn, runReadPaths, type Explained } from "@/tests/helpers/run-read-paths";
import { seedMonitoringData, type SeedResult } from "@/tests/monitoring/helpers/bulk-seed";
import { createTestDb, dialects, type TestDatabase } from "@/tests/helpers/test-db";

const ARCHITECTURE = path.resolve(__dirname, "../../lib/db/ARCHITECTURE.md");

/** Index names in the first column of the "Indexes on Run" tables (`Run_…` / `Step_…` in backticks). */
function documentedIndexes(): string[] {
  const md = readFileSync(ARCHITECTURE, "utf8");
  const start = md.indexOf("## Indexes on Run");
  expect(start).toBeGreaterThan(-1);
  const section = md.slice(start, md.indexOf("\n## ", start + 1) >>> 0 || undefined);
  return [...section.matchAll(/^\|\s*`((?:Run|Step)_\w+)`/gm)].map((m) => m[1]).sort();
}

async function actualIndexes(db: Database): Promise<string[]> {
  const rows =
    db.dialect === "postgresql"
      ? await db.sql.all<{ n: string }>(`SELECT "indexname" AS "n" FROM pg_indexes WHERE "tablename" IN ('Run','Step')`)
      : // SQLite names a primary key's index sqlite_autoindex_<table>_1: the documented name is PostgreSQL's
        (
          await db.sql.all<{ n: string; t: string }>(
            `SELECT "name" AS "n", "tbl_name" AS "t" FROM sqlite_master WHERE "type"='index' AND "tbl_name" IN ('Run','Step')`,
          )
        ).map((r) => ({ n: r.n.startsWith("sqlite_autoindex_") ? `${r.t}_pkey` : r.n }));
  return rows.map((r) => r.n).sort();
}

for (const dialect of dialects()) {
  describe(`Run and Step indexes [${dialect}]`, () => {
    let db: TestDatabase;
    let planned: Database;
    let seed: SeedResult;

    beforeAll(async () => {
      db = await createTestDb(dialect);
      seed = await seedMonitoringData(db.sql, { runs: 400, stepsPerRun: 3 });
      const [top] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" ORDER BY "createdAt" LIMIT 1`);
      // a child run, a run with a data subject, a test run and a named outcome: each partial index holds a row
      await db.sql.run(
        `UPDATE "Run" SET "parentRunId"=?, "subjectHash"='subject-1', "isTest"=?, "outcome"='approved' WHERE "id" IN (SELECT "id" FROM "Run" ORDER BY "createdAt" DESC LIMIT 3)`,
        [top.id, dialect === "postgresql" ? true : 1],
      );
      planned =
        dialect === "postgresql"
          ? openDatabase(`${db.url}${db.url.includes("?") ? "&" : "?"}options=${encodeURIComponent("-c enable_seqscan=off")}`, {
              poolMax: 2,
            })
          : db;
    }, 120_000);

    afterAll(async () => {
      if (planned !== db) await planned?.close();
      await db?.drop();
    });

    it("are exactly the indexes documented in lib/db/ARCHITECTURE.md", async () => {
      expect(await actualIndexes(db)).toEqual(documentedIndexes());
    });

    // the paths' names and indexes are known before the seed; what they run needs its ids
    const noSeed = { nowMs: 0, workflowIds: [], versionIds: [], userIds: [], subjectHash: "" };
    for (const [name, , expected] of runReadPaths(noSeed)) {
      it(`${name}: no scan of "Run", and ${expected.join(", ")}`, async () => {
        const e: Explained[] = [];
        const [, run] = runReadPaths({ ...seed, subjectHash: "subject-1" }).find(([n]) => n === name)!;
        await run(explaining(planned.sql, e));
        expect(e.length).toBeGreaterThan(0);
        expect(fullScans(dialect, e).map((x) => `${x.sql}\n${x.plan}`)).toEqual([]);
        const used = indexesIn(e);
        // "A|B": either serves the path (the planner picks by the seeded data's statistics)
        for (const ix of expected)
          expect(
            ix.split("|").some((one) => used.has(one)),
            `${name} uses ${ix} (used: ${[...used].join(", ")})`,
          ).toBe(true);
      });
    }
  });
}
