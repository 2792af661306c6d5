import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { decideTask, getRun, startRun } from "@/lib/engine/run-service";
import { retryFailedSteps } from "@/lib/engine/retry-failed";
import { archiveFinishedRunBatch } from "@/lib/db/history-archive-store";
import { verifyChain } from "@/lib/db/audit-store";
import { stepsByKey as byKey, useEngine } from "./helpers/fixture";

const once = { maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 1000, jitter: 0 };

describeEachDb("retry failed steps in place", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });

  const hits = (path: string) => sink.requests.filter((r) => r.path === path);

  it("resumes from the failed step: completed effects are not repeated, the failed one gets a new attempt and key", async () => {
    sink.script("/r1/b", [500]);
    const doc = graph()
      .start()
      .node({ id: "a", kind: "http", config: { method: "POST", url: `${sink.url}/r1/a`, body: "{ 'n': 1 }" } })
      .node({
        id: "b",
        kind: "http",
        config: { method: "POST", url: `${sink.url}/r1/b`, body: "{ 'from': $.steps.a.output.body.path }" },
        retry: once,
      })
      .end("end", "$.steps.b.output.body.path")
      .chain("start", "a", "b", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const { id: runId } = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    expect(hits("/r1/a")).toHaveLength(1);
    expect(hits("/r1/b")).toHaveLength(1);

    const queued = await retryFailedSteps(h.deps, { runId, userId: "u2" });
    expect(queued.status).toBe("queued");
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, runId);
    expect(d.run.output).toBe("/r1/b");
    expect(d.run.error).toBeNull();
    expect(hits("/r1/a")).toHaveLength(1);
    expect(hits("/r1/b").map((r) => r.key)).toEqual([`${runId}:b:1`, `${runId}:b:2`]);
    expect(JSON.parse(hits("/r1/b")[1].body)).toEqual({ from: "/r1/a" });
    const s = byKey(d.steps);
    expect(s.a.attempt).toBe(1);
    expect(s.b.attempt).toBe(2);
    const ev = await h.store.getEvents(runId);
    const types = ev.map((e) => `${e.type}${e.stepKey ? `:${e.stepKey}` : ""}`);
    expect(types.indexOf("run.failed:b")).toBeLessThan(types.indexOf("run.retried"));
    expect(types).toContain("step.redriven:b");
    expect(ev.find((e) => e.type === "run.retried")!.data).toMatchObject({ by: "u2", failedSteps: ["b"] });
    const audit = await h.db.sql.all<{ action: string; actorId: string }>(
      `SELECT "action","actorId" FROM "AuditEvent" WHERE "targetId"=? ORDER BY "id"`,
      [runId],
    );
    expect(audit.map((a) => a.action)).toEqual(["run.started", "run.retried"]);
    expect(audit[1].actorId).toBe("u2");
    expect((await verifyChain(h.db.sql)).ok).toBe(true);
  });

  it("two concurrent retries: exactly one wins, the other is refused and writes nothing", async () => {
    sink.script("/r5/x", [400]);
    const doc = graph()
      .start()
      .node({ id: "x", kind: "http", config: { url: `${sink.url}/r5/x` } })
      .end("end", "1")
      .chain("start", "x", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const { id: runId } = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    const results = await Promise.allSettled([1, 2, 3].map(() => retryFailedSteps(h.deps, { runId, userId: "u" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getEvents(runId)).filter((e) => e.type === "run.retried")).toHaveLength(1);
    expect(hits("/r5/x")).toHaveLength(2);
  });

  it("refuses a run that is not failed or does not exist, writing nothing", async () => {
    const doc = graph().start().transform("t", "1").end().chain("start", "t", "end").build();
    const { versionId } = await publish(h.db.sql, doc);
    const { id: runId } = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const before = (await h.store.getEvents(runId)).length;
    await expect(retryFailedSteps(h.deps, { runId, userId: "u" })).rejects.toMatchObject({ status: 409, code: "run_not_failed" });
    expect(await h.store.getEvents(runId)).toHaveLength(before);
    expect((await h.store.getRun(runId))!.status).toBe("succeeded");
    await expect(retryFailedSteps(h.deps, { runId: "nope", userId: "u" })).rejects.toMatchObject({ status: 404 });
  });

  it("a call that was in flight when the run failed is sent again with the SAME idempotency key", async () => {
    sink.script("/r4/bad", [400]);
    sink.slow("/r4/slow", 300);
    const doc = graph()
      .start()
      .node({ id: "slow", kind: "http", config: { url: `${sink.url}/r4/slow` } })
      .node({ id: "bad", kind: "http", config: { url: `${sink.url}/r4/bad` } })
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "[$.steps.slow.output.status, $.steps.bad.output.status]")
      .edge("start", "slow")
      .edge("start", "bad")
      .edge("slow", "j")
      .edge("bad", "j")
      .edge("j", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const { id: runId } = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    expect(byKey(await h.store.getSteps(runId)).slow.status).toBe("cancelled");
    await retryFailedSteps(h.deps, { runId, userId: "u" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getRun(runId))!.output).toEqual([200, 200]);
    expect(hits("/r4/bad").map((r) => r.key)).toEqual([`${runId}:bad:1`, `${runId}:bad:2`]);
    const slowKeys = hits("/r4/slow").map((r) => r.key);
    expect(slowKeys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(slowKeys)).toEqual(new Set([`${runId}:slow:1`]));
    const redriven = (await h.store.getEvents(runId)).filter((e) => e.type === "step.redriven");
    expect(redriven.map((e) => [e.stepKey, (e.data as { to: string }).to]).sort()).toEqual([
      ["bad", "pending"],
      ["slow", "running"],
    ]);
  });

  it("reopens an approval the failure cancelled in a parallel branch; the join completes after the decision", async () => {
    sink.script("/r3/call", [400]);
    const doc = graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input" },
      })
      .node({ id: "call", kind: "http", config: { url: `${sink.url}/r3/call` } })
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.call.output.status")
      .edge("start", "ap", "out")
      .edge("start", "call")
      .edge("ap", "j", "approved")
      .edge("call", "j")
      .edge("j", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const { id: runId } = await startRun(h.deps, { versionId, input: { amount: 3 }, initiatorId: "init" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    let d = await getRun(h.deps, runId);
    expect(byKey(d.steps).ap.status).toBe("cancelled");
    expect(d.tasks[0].status).toBe("cancelled");

    await retryFailedSteps(h.deps, { runId, userId: "admin1" });
    expect(await h.waitFor(runId, ["waiting"])).toBe("waiting");
    d = await getRun(h.deps, runId);
    expect(byKey(d.steps).call.status).toBe("succeeded");
    expect(d.tasks).toHaveLength(1);
    expect(d.tasks[0].status).toBe("open");
    await decideTask(h.deps, { taskId: d.tasks[0].id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getRun(runId))!.output).toBe(200);
    expect(hits("/r3/call")).toHaveLength(2);
  });

  it("retries a failed run whose rows were archived: they come back to the hot tables and the run resumes", async () => {
    sink.script("/r9/b", [500]);
    const doc = graph()
      .start()
      .node({ id: "a", kind: "http", config: { method: "POST", url: `${sink.url}/r9/a`, body: "{ 'n': 1 }" } })
      .node({ id: "b", kind: "http", config: { method: "POST", url: `${sink.url}/r9/b`, body: "{ 'n': 2 }" }, retry: once })
      .end("end", "$.steps.b.output.body.path")
      .chain("start", "a", "b", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const { id: runId } = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    const stepCount = (await h.store.getSteps(runId)).length;
    await h.db.sql.run(`UPDATE "Run" SET "finishedAtMs"=? WHERE "id"=?`, [Date.now() - 7_200_000, runId]);
    const nowMs = Date.now();
    expect((await archiveFinishedRunBatch(h.db.sql, { cutoffMs: nowMs - 3_600_000, limit: 100, nowMs })).runs).toBeGreaterThan(0);
    const hot = async () => Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Step" WHERE "runId"=?`, [runId]))[0].n);
    expect(await hot()).toBe(0);

    await retryFailedSteps(h.deps, { runId, userId: "u2" });
    expect(await hot()).toBe(stepCount);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getRun(runId))!.output).toBe("/r9/b");
    expect(hits("/r9/a")).toHaveLength(1);
    const [row] = await h.db.sql.all<{ archivedAtMs: number | null }>(`SELECT "archivedAtMs" FROM "Run" WHERE "id"=?`, [runId]);
    expect(row.archivedAtMs).toBeNull();
  });
});
