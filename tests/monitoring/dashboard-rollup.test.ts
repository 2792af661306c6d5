// The dashboard's figures from the hourly rollup equal the direct aggregate over the Run table at
// every stage: nothing rolled up, part of it, all of it, after a redrive takes a run out, and after
// retention purges runs (which keep counting). Both databases.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { seedMonitoringData, type SeedResult } from "./helpers/bulk-seed";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { rollupFinishedRunBatch, unrollRun } from "@/lib/db/run-rollup-store";
import { purgeExpiredRunBatch } from "@/lib/db/retention-store";
import { sqlTimestamp } from "@/lib/db/row-codec";
import { BUCKET_MS, RANGE_MS } from "@/lib/monitoring/dashboard-stats";
import type { DashboardData, DashboardRange } from "@/lib/monitoring/dashboard-types";

const TERMINAL = ["succeeded", "failed", "cancelled", "compensated", "compensation_failed"];

describeEachDb("dashboard rollup", (dialect) => {
  let db: TestDatabase;
  let seed: SeedResult;
  let now: number;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    seed = await seedMonitoringData(db.sql, {
      runs: 600,
      stepsPerRun: 3,
      workflows: 3,
      versionsPerWorkflow: 1,
      users: 3,
      spanMs: 9 * 86_400_000,
    });
    now = seed.nowMs + 1;
    // outcomes on some finished runs, a test run (never counted), a run that never started
    await db.sql.run(`UPDATE "Run" SET "outcome" = 'approved' WHERE "status" = 'succeeded' AND "costUsd" > 0.002`);
    const [t] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "status" = 'succeeded' ORDER BY "id" LIMIT 1`);
    await db.sql.run(`UPDATE "Run" SET "isTest" = ? WHERE "id" = ?`, [dialect === "postgresql" ? true : 1, t.id]);
    const [c] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "status" = 'cancelled' ORDER BY "id" LIMIT 1`);
    await db.sql.run(`UPDATE "Run" SET "startedAtMs" = NULL WHERE "id" = ?`, [c.id]);
  });
  afterAll(async () => db?.drop());

  /** The figures the rollup serves, computed here from every run row and model call. */
  async function reference(range: DashboardRange) {
    const fromMs = now - RANGE_MS[range];
    const bucketMs = BUCKET_MS[range];
    const origin = Math.floor(fromMs / bucketMs) * bucketMs;
    const runs = (
      await db.sql.all<Record<string, unknown>>(
        `SELECT "id","workflowId","status","outcome","startedAtMs","finishedAtMs","costUsd","tokens" FROM "Run" WHERE "createdAt" >= ? AND NOT "isTest"`,
        [sqlTimestamp(dialect, fromMs)],
      )
    ).map((r) => ({
      id: String(r.id),
      workflowId: String(r.workflowId),
      status: String(r.status),
      outcome: r.outcome === null ? null : String(r.outcome),
      started: r.startedAtMs === null ? null : Number(r.startedAtMs),
      finished: r.finishedAtMs === null ? null : Number(r.finishedAtMs),
      cost: Number(r.costUsd),
      tokens: Number(r.tokens),
    }));
    const count = <T>(xs: T[], key: (x: T) => string) => {
      const m: Record<string, number> = {};
      for (const x of xs) m[key(x)] = (m[key(x)] ?? 0) + 1;
      return m;
    };
    const timed = runs.filter((r) => r.started !== null && r.finished !== null && TERMINAL.includes(r.status));
    const ids = new Set(runs.map((r) => r.id));
    const calls = (
      await db.sql.all<{ runId: string; model: string; costUsd: number }>(
        `SELECT "runId","model","costUsd" FROM "ModelCall" UNION ALL SELECT "runId","model","costUsd" FROM "ModelCallArchive"`,
      )
    ).filter((c) => ids.has(c.runId) && !c.model.includes(":"));
    const wfOf = new Map(runs.map((r) => [r.id, r.workflowId]));
    return {
      runs: runs.length,
      costUsd: runs.reduce((a, r) => a + r.cost, 0),
      tokens: runs.reduce((a, r) => a + r.tokens, 0),
      byStatus: count(runs, (r) => r.status),
      byOutcome: count(
        runs.filter((r) => r.outcome),
        (r) => r.outcome!,
      ),
      started: count(
        runs.filter((r) => r.started !== null),
        (r) => String(Math.floor((r.started! - origin) / bucketMs)),
      ),
      finished: count(
        runs.filter((r) => r.finished !== null),
        (r) => String(Math.floor((r.finished! - origin) / bucketMs)),
      ),
      finishedByWf: count(timed, (r) => r.workflowId),
      failedByWf: count(
        timed.filter((r) => r.status === "failed" || r.status === "compensation_failed"),
        (r) => r.workflowId,
      ),
      calls: count(calls, (c) => `${wfOf.get(c.runId)}|${c.model}`),
      callCost: calls.reduce((a, c) => a + Number(c.costUsd), 0),
    };
  }

  function figures(d: DashboardData) {
    const origin = d.throughput[0].atMs;
    const bucketOf = (ms: number) => String(Math.round((ms - origin) / d.bucketMs));
    const nonZero = (xs: [string, number][]) => Object.fromEntries(xs.filter(([, n]) => n > 0));
    return {
      runs: d.totals.runs,
      costUsd: d.totals.costUsd,
      tokens: d.totals.tokens,
      byStatus: Object.fromEntries(d.byStatus.map((s) => [s.status, s.count])),
      byOutcome: Object.fromEntries(d.byOutcome.map((s) => [s.outcome, s.count])),
      started: nonZero(d.throughput.map((b) => [bucketOf(b.atMs), b.started])),
      finished: nonZero(d.throughput.map((b) => [bucketOf(b.atMs), b.finished])),
      finishedByWf: Object.fromEntries(d.failureByWorkflow.map((w) => [w.workflowId, w.finished])),
      failedByWf: nonZero(d.failureByWorkflow.map((w) => [w.workflowId, w.failed])),
      calls: Object.fromEntries(d.costByWorkflowModel.map((c) => [`${c.workflowId}|${c.model}`, c.calls])),
      callCost: d.costByWorkflowModel.reduce((a, c) => a + c.costUsd, 0),
    };
  }

  async function expectExact(): Promise<void> {
    for (const range of ["1h", "24h", "7d", "30d"] as const) {
      const got = figures(await loadDashboard(db.sql, range, now));
      const want = await reference(range);
      expect({ ...got, costUsd: 0, callCost: 0 }, `${range}`).toEqual({ ...want, costUsd: 0, callCost: 0 });
      expect(got.costUsd).toBeCloseTo(want.costUsd, 6);
      expect(got.callCost).toBeCloseTo(want.callCost, 6);
    }
  }

  const backlog = async () =>
    Number((await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "rolledUpAtMs" IS NULL`))[0].n);

  it("equals the direct aggregate with nothing, part and all of the finished runs rolled up", async () => {
    await expectExact();
    expect(await rollupFinishedRunBatch(db.sql, { limit: 200, nowMs: now })).toBe(200);
    await expectExact();
    while ((await rollupFinishedRunBatch(db.sql, { limit: 500, nowMs: now })) > 0);
    const [active] = await db.sql.all<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM "Run" WHERE "status" NOT IN ('succeeded','failed','cancelled','compensated','compensation_failed')`,
    );
    expect(await backlog()).toBe(Number(active.n)); // only active runs are left to read directly
    await expectExact();
  });

  it("stays exact when a redrive takes a failed run out and it finishes again", async () => {
    const [f] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "status" = 'failed' ORDER BY "createdAt" DESC LIMIT 1`);
    await db.sql.tx(async (q) => {
      expect(await unrollRun(q, dialect, f.id)).toBe(true);
      await q.run(`UPDATE "Run" SET "status" = 'running', "finishedAtMs" = NULL WHERE "id" = ?`, [f.id]);
    });
    await expectExact();
    await db.sql.run(`UPDATE "Run" SET "status" = 'succeeded', "finishedAtMs" = ? WHERE "id" = ?`, [now - 1000, f.id]);
    await expectExact();
    expect(await rollupFinishedRunBatch(db.sql, { limit: 10, nowMs: now })).toBe(1);
    await expectExact();
  });

  it("keeps purged runs in the history statistics", async () => {
    const before = figures(await loadDashboard(db.sql, "30d", now));
    // a finished run not rolled up yet is added by the purge itself
    const [late] = await db.sql.all<{ id: string; workflowId: string }>(
      `SELECT "id","workflowId" FROM "Run" WHERE "status" = 'succeeded' AND NOT "isTest" ORDER BY "finishedAtMs" LIMIT 1`,
    );
    await db.sql.tx(async (q) => {
      await unrollRun(q, dialect, late.id);
    });
    const purged = await db.sql.tx((q) => purgeExpiredRunBatch(q, dialect, late.workflowId, now, 40));
    expect(purged.runs).toBeGreaterThan(0);
    const [gone] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "id" = ?`, [late.id]);
    expect(Number(gone.n)).toBe(0);
    const after = figures(await loadDashboard(db.sql, "30d", now));
    expect({ ...after, costUsd: 0, callCost: 0 }).toEqual({ ...before, costUsd: 0, callCost: 0 });
    expect(after.costUsd).toBeCloseTo(before.costUsd, 6);
  });
});
