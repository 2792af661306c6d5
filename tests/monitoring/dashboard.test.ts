// Dashboard aggregates against plain-JS references over the same seeded rows, on both databases.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { seedMonitoringData, type SeedResult } from "./helpers/bulk-seed";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { percentiles } from "@/lib/monitoring/dashboard-stats";

describeEachDb("dashboard", (dialect) => {
  let db: TestDatabase;
  let seed: SeedResult;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    seed = await seedMonitoringData(db.sql, {
      runs: 400,
      stepsPerRun: 5,
      workflows: 3,
      versionsPerWorkflow: 1,
      users: 3,
      spanMs: 2 * 86_400_000,
    });
  });
  afterAll(async () => db?.drop());

  it("computes nearest-rank percentiles", () => {
    expect(percentiles([])).toEqual({ count: 0, p50: null, p95: null });
    expect(percentiles([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p95: 5 });
    expect(percentiles(Array.from({ length: 100 }, (_, i) => i + 1))).toMatchObject({ p50: 50, p95: 95 });
  });

  it("matches the stored runs, tasks, model calls and steps of the last 24 hours", async () => {
    const now = seed.nowMs + 1;
    const d = await loadDashboard(db.sql, "24h", now);
    const runs = await db.sql.all<{
      id: string;
      workflowId: string;
      status: string;
      startedAtMs: number;
      finishedAtMs: number | null;
      costUsd: number;
    }>(`SELECT "id","workflowId","status","startedAtMs","finishedAtMs","costUsd" FROM "Run" WHERE "startedAtMs" >= ?`, [now - 86_400_000]);
    expect(d.totals.runs).toBe(runs.length);
    const count = (st: string) => runs.filter((r) => r.status === st).length;
    expect(Object.fromEntries(d.byStatus.map((s) => [s.status, s.count]))).toEqual(
      Object.fromEntries([...new Set(runs.map((r) => r.status))].map((st) => [st, count(st)])),
    );
    const finished = runs.filter((r) => r.finishedAtMs !== null && ["succeeded", "failed", "cancelled"].includes(r.status));
    expect(d.duration).toEqual(percentiles(finished.map((r) => Number(r.finishedAtMs) - Number(r.startedAtMs))));
    for (const wf of d.failureByWorkflow) {
      const mine = finished.filter((r) => r.workflowId === wf.workflowId);
      expect(wf.finished).toBe(mine.length);
      expect(wf.failed).toBe(mine.filter((r) => r.status === "failed").length);
      expect(wf.workflowName).toMatch(/^Workflow \d$/);
    }
    expect(d.throughput.reduce((a, b) => a + b.started, 0)).toBe(runs.length);
    // buckets fall on clock hours: 24 hours from an instant within an hour touch 25 of them
    expect(d.throughput).toHaveLength(now % 3_600_000 === 0 ? 24 : 25);
    expect(d.throughput[0].atMs % 3_600_000).toBe(0);

    const tasks = await db.sql.all<{ c: number; d: number }>(
      `SELECT "createdAtMs" AS "c", "decidedAtMs" AS "d" FROM "Task" WHERE "status" IN ('approved','rejected') AND "createdAtMs" >= ?`,
      [now - 86_400_000],
    );
    expect(d.humanWait).toMatchObject(percentiles(tasks.map((t) => Number(t.d) - Number(t.c))));
    const [open] = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Task" WHERE "status" = 'open'`);
    expect(d.humanWait.open).toBe(Number(open.n));

    const ids = new Set(runs.map((r) => r.id));
    const calls = (
      await db.sql.all<{ runId: string; model: string; costUsd: number }>(`SELECT "runId","model","costUsd" FROM "ModelCall"`)
    ).filter((c) => ids.has(c.runId));
    expect(d.costByWorkflowModel.reduce((a, b) => a + b.calls, 0)).toBe(calls.length);
    expect(d.costByWorkflowModel.reduce((a, b) => a + b.costUsd, 0)).toBeCloseTo(
      calls.reduce((a, c) => a + Number(c.costUsd), 0),
      6,
    );
    expect(new Set(d.costByWorkflowModel.map((c) => c.model))).toEqual(new Set(calls.map((c) => c.model)));

    const failedSteps = await db.sql.all<{ nodeId: string }>(
      `SELECT s."nodeId" FROM "Step" s JOIN "Run" r ON r."id" = s."runId" WHERE s."status" = 'failed' AND r."startedAtMs" >= ?`,
      [now - 86_400_000],
    );
    expect(d.failingSteps.reduce((a, b) => a + b.failed, 0)).toBe(failedSteps.length);
    expect(d.failingSteps[0].nodeName).toBe(d.failingSteps[0].nodeId); // seeded graphs name nodes by id
    expect(d.slowestSteps.every((s) => s.kind === "transform")).toBe(true);
    expect(d.slowestSteps.map((s) => s.avgMs)).toEqual([...d.slowestSteps.map((s) => s.avgMs)].sort((a, b) => b - a));
  });

  it("leaves failures an error edge handled out of failing steps, and an agent's pseudo-models out of cost", async () => {
    const now = seed.nowMs + 1;
    const [failed] = await db.sql.all<{ id: string; runId: string; nodeId: string }>(
      `SELECT s."id", s."runId", s."nodeId" FROM "Step" s JOIN "Run" r ON r."id" = s."runId" WHERE s."status" = 'failed' AND r."startedAtMs" >= ? ORDER BY s."id" LIMIT 1`,
      [now - 86_400_000],
    );
    const before = await loadDashboard(db.sql, "24h", now);
    const failedBefore = before.failingSteps.reduce((a, b) => a + b.failed, 0);
    await db.sql.run(`UPDATE "Step" SET "outputHandle" = 'error' WHERE "id" = ?`, [failed.id]);
    for (const [i, model] of ["decision:ok", "tool:lookup", "memory:load"].entries()) {
      await db.sql.run(
        `INSERT INTO "ModelCall" ("id","runId","stepKey","seq","model","request","response","inputTokens","outputTokens","costUsd","latencyMs","atMs") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
        [`pseudo-${i}`, failed.runId, "agent-x", 1000 + i, model, "null", "null", 0, 0, 0, 1, now - 1000],
      );
    }
    const after = await loadDashboard(db.sql, "24h", now);
    expect(after.failingSteps.reduce((a, b) => a + b.failed, 0)).toBe(failedBefore - 1);
    expect(after.costByWorkflowModel.map((c) => c.model).filter((m) => m.includes(":"))).toEqual([]);
    expect(after.costByWorkflowModel.reduce((a, b) => a + b.calls, 0)).toBe(before.costByWorkflowModel.reduce((a, b) => a + b.calls, 0));
  });

  it("an empty range is all zeros, not an error", async () => {
    const d = await loadDashboard(db.sql, "1h", seed.nowMs + 10 * 86_400_000);
    expect(d.totals.runs).toBe(0);
    expect(d.duration).toEqual({ count: 0, p50: null, p95: null });
    expect(d.throughput.every((b) => b.started === 0)).toBe(true);
  });
});
