// Evaluations end to end on both databases with a real worker: the draft beside v1 over a dataset
// (test runs, pass rates, the rows that changed), the concurrency bound, cancel, a restart that
// continues (and a run started before a crash is reused, never doubled), and the publish gate.
import { expect, it } from "vitest";
import { createDataset } from "@/lib/evaluations/dataset-service";
import { cancelEvaluation, getEvaluationDetail, setEvaluationSettings, startEvaluation } from "@/lib/evaluations/evaluation-service";
import { EvaluationSweeper } from "@/lib/evaluations/evaluation-sweeper";
import { evaluationRows } from "@/lib/db/evaluation-store";
import { startRunOnce } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { publishWorkflow } from "@/lib/workflows/workflow-service";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { actor, designer, driveUntil, PRODUCT, setDraft, SUM, sumWorkflow } from "./helpers";
import type { Grader } from "@/lib/evaluations/evaluation-schemas";

const exactSum: Grader[] = [{ kind: "exact", field: "sum" }];

describeEachDb("evaluations", (dialect) => {
  const { h } = useEngine(dialect);
  const sweeper = () => new EvaluationSweeper({ db: h.db.sql, engine: h.deps, intervalMs: 1000 });

  /** Start an evaluation of the draft (no comparison) with the exact grader on `sum`. */
  const evaluateDraft = (wf: string, datasetId: string) =>
    startEvaluation(h.db, wf, { datasetId, target: "draft", compareVersion: null, graders: exactSum }, designer, "manual");

  async function dataset(workflowId: string, rows: { a: number; b: number; wait?: number }[]) {
    return createDataset(
      h.db,
      workflowId,
      { source: "rows", name: "sums", rows: rows.map((input) => ({ input, expected: { sum: input.a + input.b } })) },
      designer.id,
    );
  }

  it("runs the draft beside v1 as test runs: pass rates, latency, and the rows whose result changed", async () => {
    const wf = await sumWorkflow(h, PRODUCT, SUM);
    const ds = await dataset(wf, [
      { a: 2, b: 2 },
      { a: 1, b: 3 },
      { a: 0, b: 5 },
    ]);
    const started = await startEvaluation(
      h.db,
      wf,
      { datasetId: ds.id, target: "draft", compareVersion: 1, graders: exactSum },
      designer,
      "manual",
    );
    expect(started).toMatchObject({ status: "queued", targetLabel: "draft", compareLabel: "v1", rowCount: 6, concurrency: 4 });
    const done = await driveUntil(h, sweeper(), started.id, (e) => e.status === "finished");
    expect(done.passRate).toBeCloseTo(1 / 3, 3);
    const detail = await getEvaluationDetail(h.db, wf, started.id);
    expect(detail.totals.a).toMatchObject({ rows: 3, done: 3, passed: 1, escalationRate: 0 });
    expect(detail.totals.b).toMatchObject({ rows: 3, done: 3, passed: 3, passRate: 1 });
    expect(detail.totals.a.latencyP50Ms).not.toBeNull();
    expect(detail.totals.changed).toEqual([
      { position: 2, a: false, b: true },
      { position: 3, a: false, b: true },
    ]);
    const row2 = detail.rows.find((r) => r.position === 2 && r.target === "a")!;
    expect(row2.output).toEqual({ sum: 3 });
    expect(row2.scores).toEqual([{ kind: "exact", pass: false, score: 0, detail: "Expected 4, got 3" }]);
    // every row ran as a test run of a snapshot, none as a production run
    for (const r of detail.rows) {
      const run = (await h.store.getRun(r.runId!))!;
      expect(run.isTest).toBe(true);
      expect(run.status).toBe("succeeded");
    }
  });

  it("keeps at most `concurrency` test runs in flight", async () => {
    const wf = await sumWorkflow(h, SUM);
    await setEvaluationSettings(h.db, wf, { concurrency: 2, requirePassRate: null }, designer.id);
    const ds = await dataset(
      wf,
      Array.from({ length: 6 }, (_, i) => ({ a: i, b: 1, wait: 150 })),
    );
    const e = await evaluateDraft(wf, ds.id);
    const s = sweeper();
    let peak = 0;
    // the bound holds at every pass: count the rows in flight after each one
    for (let i = 0; i < 400; i++) {
      await s.pass();
      const rows = await evaluationRows(h.db.sql, e.id);
      peak = Math.max(peak, rows.filter((r) => r.status === "running").length);
      if (rows.every((r) => r.status === "done")) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    expect((await evaluationRows(h.db.sql, e.id)).every((r) => r.status === "done" && r.pass)).toBe(true);
    expect(peak).toBe(2);
  });

  it("cancel: no new row starts, the runs in flight are cancelled", async () => {
    const wf = await sumWorkflow(h, SUM);
    const ds = await dataset(
      wf,
      Array.from({ length: 6 }, (_, i) => ({ a: i, b: 1, wait: 60_000 })),
    );
    const e = await evaluateDraft(wf, ds.id);
    const s = sweeper();
    await s.pass();
    const running = (await evaluationRows(h.db.sql, e.id)).filter((r) => r.status === "running");
    expect(running).toHaveLength(4);
    expect((await cancelEvaluation(h.db, wf, e.id)).status).toBe("cancelled");
    await s.pass();
    const rows = await evaluationRows(h.db.sql, e.id);
    expect(rows.every((r) => r.status === "cancelled")).toBe(true);
    for (const r of running) expect(await h.waitFor(r.runId!, ["cancelled"])).toBe("cancelled");
    await expect(cancelEvaluation(h.db, wf, e.id)).rejects.toMatchObject({ code: "evaluation_finished" });
  });

  it("a restart continues from the database, and a run started before the crash is reused, not doubled", async () => {
    const wf = await sumWorkflow(h, SUM);
    const ds = await dataset(
      wf,
      Array.from({ length: 5 }, (_, i) => ({ a: i, b: 2, wait: 50 })),
    );
    const e = await evaluateDraft(wf, ds.id);
    // the worker died after starting row 5's run and before recording it
    const orphan = await startRunOnce(h.deps, {
      versionId: e.targetVersionId,
      input: { a: 4, b: 2, wait: 50 },
      initiatorId: designer.id,
      initiatorRole: designer.role,
      trigger: "manual",
      test: true,
      idempotency: { scope: `evaluation:${e.id}`, key: "5:a", request: { position: 5, target: "a" } },
    });
    const first = sweeper();
    await first.pass();
    await first.stop(); // a worker stopping (or dying: its lease expires) mid-evaluation
    const second = sweeper();
    const done = await driveUntil(h, second, e.id, (ev) => ev.status === "finished");
    expect(done.passRate).toBe(1);
    const rows = await evaluationRows(h.db.sql, e.id);
    expect(rows.find((r) => r.position === 5)!.runId).toBe(orphan.run.id);
    const runs = await h.db.sql.all(`SELECT COUNT(*) AS n FROM "Run" WHERE "versionId"=?`, [e.targetVersionId]);
    expect(Number(runs[0].n)).toBe(5);
  });

  it("publishing can require a passing evaluation of the exact draft", async () => {
    const wf = await sumWorkflow(h, SUM);
    await setEvaluationSettings(h.db, wf, { concurrency: 4, requirePassRate: 0.9 }, designer.id);
    const refused = await publishWorkflow(h.db, wf, { message: "v1" }, actor).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "evaluation_required" });
    expect((refused as Error).message).toMatch(/at least 90%/);
    const ds = await dataset(wf, [
      { a: 1, b: 1 },
      { a: 2, b: 3 },
    ]);
    const e = await evaluateDraft(wf, ds.id);
    await driveUntil(h, sweeper(), e.id, (ev) => ev.status === "finished");
    expect((await publishWorkflow(h.db, wf, { message: "v1" }, actor)).version.version).toBe(1);
    // a changed draft needs its own evaluation; a failing one does not open the gate
    await setDraft(h, wf, PRODUCT);
    await expect(publishWorkflow(h.db, wf, { message: "v2" }, actor)).rejects.toMatchObject({ code: "evaluation_required" });
    const failing = await evaluateDraft(wf, ds.id);
    await driveUntil(h, sweeper(), failing.id, (ev) => ev.status === "finished");
    await expect(publishWorkflow(h.db, wf, { message: "v2" }, actor)).rejects.toMatchObject({ code: "evaluation_required" });
  });

  it("is a person's: an API key cannot start one", async () => {
    const wf = await sumWorkflow(h, SUM);
    const ds = await dataset(wf, [{ a: 1, b: 1 }]);
    await expect(
      startEvaluation(h.db, wf, { datasetId: ds.id, target: "draft", compareVersion: null, graders: exactSum }, designer, "api"),
    ).rejects.toMatchObject({ code: "test_run_only" });
  });
});
