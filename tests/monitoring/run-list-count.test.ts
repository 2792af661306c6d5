// The run list's count leaves test runs out by counting every match from the filter's index and
// subtracting the test runs among them (lib/db/run-list-read.ts countWithoutTestRuns): exact counts,
// the cap's edge with test runs inside and outside the first cap+1 matches, and on SQLite that the
// count reads the filter's index alone (no lookup of each counted run's row).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { seedMonitoringData, type SeedResult } from "./helpers/bulk-seed";
import { countRuns } from "@/lib/db/run-list-read";
import type { RunListFilter } from "@/lib/monitoring/run-list-filter";
import type { Param, Row } from "@/lib/db/sql";

interface RefRun {
  id: string;
  status: string;
  workflowId: string;
  isTest: boolean;
}

describeEachDb("run list count without test runs", (dialect) => {
  let db: TestDatabase;
  let seed: SeedResult;
  let all: RefRun[];

  beforeAll(async () => {
    db = await createTestDb(dialect);
    seed = await seedMonitoringData(db.sql, { runs: 120, stepsPerRun: 2, workflows: 3, versionsPerWorkflow: 1, users: 3 });
    // every seventh run a test run: among the newest (inside the cap's window) and the oldest
    const ids = (await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" ORDER BY "createdAt" DESC, "id" DESC`)).map((r) => r.id);
    const tests = ids.filter((_, i) => i % 7 === 0);
    await db.sql.run(`UPDATE "Run" SET "isTest"=? WHERE "id" IN (${tests.map(() => "?").join(",")})`, [true, ...tests]);
    all = (await db.sql.all<RefRun & { isTest: unknown }>(`SELECT "id","status","workflowId","isTest" FROM "Run"`)).map((r) => ({
      ...r,
      isTest: r.isTest === true || Number(r.isTest) === 1,
    }));
  });
  afterAll(async () => db?.drop());

  const filters: [string, () => RunListFilter, (r: RefRun) => boolean][] = [
    ["no filter", () => ({}), () => true],
    ["status", () => ({ status: "succeeded" }), (r) => r.status === "succeeded"],
    [
      "workflow and status",
      () => ({ workflowId: seed.workflowIds[1], status: "failed" }),
      (r) => r.workflowId === seed.workflowIds[1] && r.status === "failed",
    ],
  ];

  for (const [name, filter, pred] of filters) {
    it(`counts the runs that are not tests: ${name}`, async () => {
      const runs = all.filter((r) => pred(r) && !r.isTest).length;
      const tests = all.filter((r) => pred(r) && r.isTest).length;
      expect(tests).toBeGreaterThan(0);
      expect(await countRuns(db.sql, filter())).toEqual({ count: runs, exact: true });
      expect(await countRuns(db.sql, { ...filter(), test: "only" })).toEqual({ count: tests, exact: true });
      expect(await countRuns(db.sql, { ...filter(), test: "include" })).toEqual({ count: runs + tests, exact: true });
      // the cap's edge: exactly the cap is exact, one fewer is not
      expect(await countRuns(db.sql, filter(), { cap: runs })).toEqual({ count: runs, exact: true });
      expect(await countRuns(db.sql, filter(), { cap: runs - 1 })).toEqual({ count: runs - 1, exact: false });
    });
  }

  it("counts from the filter's index alone (SQLite's plan)", async () => {
    if (dialect !== "sqlite") return;
    const seen: { sql: string; params: Param[] }[] = [];
    const spy = { dialect: db.sql.dialect, run: db.sql.run.bind(db.sql) } as typeof db.sql;
    spy.all = async <T = Row>(sql: string, params: Param[] = []) => {
      seen.push({ sql, params });
      return db.sql.all<T>(sql, params);
    };
    for (const f of [{}, { status: "succeeded" }, { workflowId: seed.workflowIds[0] }] as RunListFilter[]) await countRuns(spy, f);
    expect(seen).toHaveLength(3);
    for (const { sql, params } of seen) {
      const plan = (await db.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail);
      // the matches: one walk of the filter's index, covering (no row lookups)
      const walks = plan.filter((d) => /(SCAN|SEARCH) r USING .*INDEX Run_/.test(d));
      expect(walks.length, plan.join("\n")).toBe(1);
      expect(walks[0]).toMatch(/COVERING INDEX/);
      // the test runs: from their partial index, each run's row by primary key
      expect(
        plan.some((d) => /USING INDEX Run_test_createdAt_idx/.test(d)),
        plan.join("\n"),
      ).toBe(true);
      expect(
        plan.some((d) => /SEARCH r USING (COVERING )?INDEX sqlite_autoindex_Run_1 \(id=\?\)/.test(d)),
        plan.join("\n"),
      ).toBe(true);
    }
  });
});
