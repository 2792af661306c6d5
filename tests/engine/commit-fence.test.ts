// The store's commit fence, on both databases: a batch with a stale fencing token, or one that would
// overwrite a terminal step, writes nothing and fails with LeaseLostError, and a batch committed in the
// same group as a failing one still commits. On PostgreSQL a group is one script (one round trip) whose
// checks run in SQL and roll the script back; the store then retries the group on the transaction path
// to find the batch that failed (lib/engine/ARCHITECTURE.md, "Round trips").
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LeaseLostError } from "@/lib/engine/errors";
import type { CommitBatch, StepRecord } from "@/lib/engine/ports";
import type { PgDb } from "@/lib/db/sql";
import { startRun } from "@/lib/engine/run-service";
import { graph, publish } from "./helpers/graph";

describeEachDb("commit fence", (dialect) => {
  let db: TestDatabase;
  let store: SqlEngineStore;
  let versionId: string;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    store = new SqlEngineStore(db.sql);
    ({ versionId } = await publish(db.sql, graph().start().transform("t", "1").end("end").chain("start", "t", "end").build()));
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  /** Start runs and claim them all: their ids and fencing tokens. */
  async function claimed(n: number): Promise<{ runId: string; token: number }[]> {
    for (let i = 0; i < n; i++) await startRun({ store }, { versionId, input: {}, initiatorId: null });
    const runs = await store.claimRuns(`w-${randomUUID()}`, n, 30_000);
    expect(runs).toHaveLength(n);
    return runs.map((r) => ({ runId: r.run.id, token: r.run.fencingToken }));
  }

  function stepT(runId: string, at: number, status: StepRecord["status"] = "succeeded"): StepRecord {
    return {
      id: randomUUID(),
      runId,
      stepKey: "t",
      nodeId: "t",
      kind: "transform",
      status,
      attempt: 1,
      input: null,
      output: 1,
      outputHandle: "out",
      error: null,
      idempotencyKey: null,
      wakeAtMs: null,
      scheduledAtMs: at,
      startedAtMs: at,
      finishedAtMs: at,
    };
  }

  async function batch(runId: string, token: number): Promise<CommitBatch> {
    const at = await store.now();
    return {
      runId,
      fencingToken: token,
      atMs: at,
      steps: [stepT(runId, at)],
      events: [{ type: "step.succeeded", stepKey: "t", data: {} }],
      run: { status: "running" },
    };
  }

  const stepKeys = async (runId: string) => (await store.getSteps(runId)).map((s) => s.stepKey).sort();
  /** Events the test's batches wrote (step t's). */
  const eventsOfT = async (runId: string) => (await store.getEvents(runId)).filter((e) => e.stepKey === "t").length;

  it("a stale fencing token writes nothing and fails with LeaseLostError", async () => {
    const [r] = await claimed(1);
    await expect(store.commit(await batch(r.runId, r.token - 1))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await stepKeys(r.runId)).toEqual(["start"]);
    expect(await eventsOfT(r.runId)).toBe(0);
  });

  it("a batch that would overwrite a terminal step writes nothing, not even the run", async () => {
    const [r] = await claimed(1);
    await store.commit(await batch(r.runId, r.token));
    const before = await store.getRun(r.runId);
    const again = await batch(r.runId, r.token);
    again.run = { status: "succeeded", finished: true, output: 2 };
    await expect(store.commit(again)).rejects.toBeInstanceOf(LeaseLostError);
    const after = await store.getRun(r.runId);
    expect(after?.status).toBe("running");
    expect(after?.updatedAtMs).toBe(before?.updatedAtMs);
    expect(await eventsOfT(r.runId)).toBe(1);
  });

  it("in one group, the stale batch fails alone and the others commit", async () => {
    const runs = await claimed(3);
    const batches = await Promise.all(runs.map((r, i) => batch(r.runId, i === 1 ? r.token + 5 : r.token)));
    // committed in the same event-loop turn: one group
    const results = await Promise.allSettled(batches.map((b) => store.commit(b)));
    expect(results.map((x) => x.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);
    expect(await stepKeys(runs[0].runId)).toEqual(["start", "t"]);
    expect(await stepKeys(runs[1].runId)).toEqual(["start"]);
    expect(await stepKeys(runs[2].runId)).toEqual(["start", "t"]);
  });

  it("a finished run releases its lease and reports no signal", async () => {
    const [r] = await claimed(1);
    const b = await batch(r.runId, r.token);
    b.run = { status: "succeeded", finished: true, output: 1 };
    expect(await store.commit(b)).toEqual({ signalled: false, readyAtMs: null });
    const run = await store.getRun(r.runId);
    expect(run).toMatchObject({ status: "succeeded", leaseOwner: null, readyAtMs: null, output: 1 });
  });

  if (dialect === "postgresql") {
    it("a group of batches is one round trip", async () => {
      const runs = await claimed(4);
      const batches = await Promise.all(runs.map((r) => batch(r.runId, r.token)));
      const pg = db.sql as PgDb;
      const before = pg.roundTrips.total;
      await Promise.all(batches.map((b) => store.commit(b)));
      expect(pg.roundTrips.total - before).toBe(1);
      for (const r of runs) expect(await stepKeys(r.runId)).toEqual(["start", "t"]);
    });

    it("a start is one round trip, and its audit record extends the chain", async () => {
      await store.now(); // a fresh clock base
      const pg = db.sql as PgDb;
      const before = pg.roundTrips.total;
      await startRun({ store }, { versionId, input: { note: "it's a \\ test ?" }, initiatorId: "u1" });
      expect(pg.roundTrips.total - before).toBe(1);
      const { verifyChain } = await import("@/lib/db/audit-store");
      const v = await verifyChain(db.sql);
      expect(v.ok, v.reason).toBe(true);
      expect(v.count).toBeGreaterThan(0);
    });
  }
});
