import { describe, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { expireTimers } from "./helpers/engine";
import { graph, publish } from "./helpers/graph";
import { cancelRun, decideTask, getRun, startRun } from "@/lib/engine/run-service";
import { stepsByKey as byKey, useEngine } from "./helpers/fixture";

const approval = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "approval",
  config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Check {{ $.input.amount }}", payload: "$.input", ...extra },
});

describeEachDb("engine semantics", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });

  async function run(doc: unknown, input: unknown = {}, initiatorId: string | null = "initiator") {
    const { versionId, workflowId } = await publish(h.db.sql, doc);
    const r = await startRun(h.deps, { versionId, input, initiatorId });
    return { runId: r.id, versionId, workflowId };
  }

  async function events(runId: string) {
    return (await h.store.getEvents(runId)).map((e) => `${e.type}${e.stepKey ? `:${e.stepKey}` : ""}`);
  }

  it("condition takes the first matching branch; the untaken branch is skipped and a join all still fires", async () => {
    const doc = graph()
      .start()
      .node({ id: "cond", kind: "condition", config: { branches: [{ id: "big", label: "Big", expression: "$.input.amount > 100" }] } })
      .transform("a", "'big'")
      .transform("b", "'small'")
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.j.output")
      .edge("start", "cond")
      .edge("cond", "a", "big")
      .edge("cond", "b", "else")
      .edge("a", "j")
      .edge("b", "j")
      .edge("j", "end")
      .build();
    const { runId } = await run(doc, { amount: 500 });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, runId);
    const s = byKey(d.steps);
    expect(s.cond.outputHandle).toBe("big");
    expect(s.a.status).toBe("succeeded");
    expect(s.b.status).toBe("skipped");
    expect(d.run.output).toEqual({ a: "big" });
    const r2 = await run(doc, { amount: 5 });
    await h.waitFor(r2.runId, ["succeeded"]);
    expect((await getRun(h.deps, r2.runId)).run.output).toEqual({ b: "small" });
  });

  it("parallel branches all run; join any fires once and first_n waits for n taken paths", async () => {
    const doc = graph()
      .start()
      .transform("a", "1")
      .transform("b", "2")
      .transform("c", "3")
      .node({ id: "any", kind: "join", config: { mode: "any" } })
      .node({ id: "two", kind: "join", config: { mode: "first_n", n: 2 } })
      .transform("after_any", "$.steps.any.output")
      .node({ id: "all", kind: "join", config: { mode: "all" } })
      .end("end", "{ 'any': $count($keys($.steps.any.output)), 'two': $count($keys($.steps.two.output)) }")
      .edge("start", "a")
      .edge("start", "b")
      .edge("start", "c")
      .edge("a", "any")
      .edge("b", "any")
      .edge("c", "any")
      .edge("a", "two")
      .edge("b", "two")
      .edge("c", "two")
      .edge("any", "after_any")
      .edge("after_any", "all")
      .edge("two", "all")
      .edge("all", "end")
      .build();
    const { runId } = await run(doc);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, runId);
    expect(d.run.output).toEqual({ any: 1, two: 2 });
    expect(d.steps.filter((s) => s.stepKey === "any")).toHaveLength(1);
  });

  it("two approvals pending in parallel each resume their own branch", async () => {
    const doc = graph()
      .start()
      .node(approval("ap1"))
      .node(approval("ap2"))
      .transform("x1", "'one ' & $.steps.ap1.output.decision")
      .transform("x2", "'two ' & $.steps.ap2.output.decision")
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.j.output")
      .edge("start", "ap1")
      .edge("start", "ap2")
      .edge("ap1", "x1", "approved")
      .edge("ap2", "x2", "rejected")
      .edge("x1", "j")
      .edge("x2", "j")
      .edge("j", "end")
      .build();
    const { runId } = await run(doc, { amount: 7 });
    await h.waitFor(runId, ["waiting"]);
    const tasks = await h.store.getTasks(runId);
    expect(tasks).toHaveLength(2);
    const t1 = tasks.find((t) => t.stepKey === "ap1")!;
    const t2 = tasks.find((t) => t.stepKey === "ap2")!;
    expect(t1.instructions).toBe("Check 7");
    await decideTask(h.deps, { taskId: t1.id, userId: "rev1", userRoles: ["reviewer"], decision: "approve", comment: "ok" });
    await new Promise((r) => setTimeout(r, 100));
    let s = byKey((await getRun(h.deps, runId)).steps);
    expect(s.x1.status).toBe("succeeded");
    expect(s.x2).toBeUndefined();
    await decideTask(h.deps, { taskId: t2.id, userId: "rev1", userRoles: ["reviewer"], decision: "reject", comment: "no" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, runId);
    s = byKey(d.steps);
    expect(s.ap1.output).toMatchObject({ decision: "approved", comment: "ok", decidedBy: ["rev1"] });
    expect(s.ap2.outputHandle).toBe("rejected");
    expect(d.run.output).toEqual({ x1: "one approved", x2: "two rejected" });
  });

  it("an approval past its due time routes down timeout (time moved, no sleeping)", async () => {
    const doc = graph()
      .start()
      .node(approval("ap", { dueInMs: 3_600_000 }))
      .end("ok", "'approved'")
      .end("late", "'timed out'")
      .edge("start", "ap")
      .edge("ap", "ok", "approved")
      .edge("ap", "late", "timeout")
      .build();
    const { runId } = await run(doc, { amount: 1 });
    await h.waitFor(runId, ["waiting"]);
    const [task] = await h.store.getTasks(runId);
    const step = byKey(await h.store.getSteps(runId)).ap;
    expect(step.wakeAtMs).toBe(task.dueAtMs);
    const run0 = await h.store.getRun(runId);
    expect(run0!.readyAtMs).toBe(task.dueAtMs);
    await expireTimers(h, runId);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, runId);
    expect(d.run.output).toBe("timed out");
    expect(d.tasks[0].status).toBe("timed_out");
  });

  it("a due approval with escalation steps left waits for the escalation instead of timing out", async () => {
    const doc = graph()
      .start()
      .node(approval("ap", { dueInMs: 60_000, escalation: [{ to: { type: "role", id: "admin" }, afterMs: 60_000 }] }))
      .end("ok", "'approved'")
      .end("late", "'timed out'")
      .edge("start", "ap")
      .edge("ap", "ok", "approved")
      .edge("ap", "late", "timeout")
      .build();
    const { runId } = await run(doc, { amount: 1 });
    await h.waitFor(runId, ["waiting"]);
    await expireTimers(h, runId);
    await new Promise((r) => setTimeout(r, 150));
    let step = byKey(await h.store.getSteps(runId)).ap;
    expect(step.status).toBe("waiting");
    expect(step.wakeAtMs!).toBeGreaterThan(Date.now());
    expect((await h.store.getTasks(runId))[0].status).toBe("open");
    // what the inbox sweep does once the chain is used up: level = chain length, due passed
    await h.db.sql.run(`UPDATE "Task" SET "escalationLevel"=1 WHERE "runId"=?`, [runId]);
    await expireTimers(h, runId);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    step = byKey(await h.store.getSteps(runId)).ap;
    expect(step.outputHandle).toBe("timeout");
  });

  it("quorum 2 needs two distinct approvers and the edited payload flows on", async () => {
    const doc = graph()
      .start()
      .node(
        approval("ap", {
          quorum: 2,
          payload: "{ 'amount': $.input.amount, 'note': 'x' }",
          editableSchema: { type: "object", properties: { amount: { type: "number", maximum: 1000 } } },
        }),
      )
      .end("end", "$.steps.ap.output.payload")
      .edge("start", "ap")
      .edge("ap", "end", "approved")
      .build();
    const { runId } = await run(doc, { amount: 10 });
    await h.waitFor(runId, ["waiting"]);
    const [task] = await h.store.getTasks(runId);
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "r1", userRoles: ["reviewer"], decision: "approve", payload: { note: "changed" } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      decideTask(h.deps, { taskId: task.id, userId: "r1", userRoles: ["reviewer"], decision: "approve", payload: { amount: 5000 } }),
    ).rejects.toMatchObject({ status: 422 });
    const first = await decideTask(h.deps, {
      taskId: task.id,
      userId: "r1",
      userRoles: ["reviewer"],
      decision: "approve",
      payload: { amount: 20, note: "x" },
    });
    expect(first.task.status).toBe("open");
    expect(first.decision.diff).toEqual([{ path: "amount", from: 10, to: 20 }]);
    await expect(decideTask(h.deps, { taskId: task.id, userId: "r1", userRoles: ["reviewer"], decision: "approve" })).rejects.toMatchObject(
      { status: 409 },
    );
    const second = await decideTask(h.deps, { taskId: task.id, userId: "r2", userRoles: ["reviewer"], decision: "approve" });
    expect(second.task.status).toBe("approved");
    await h.waitFor(runId, ["succeeded"]);
    expect((await getRun(h.deps, runId)).run.output).toEqual({ amount: 20, note: "x" });
  });

  it("delay and wait_until park with wakeAtMs and continue when due", async () => {
    const doc = graph()
      .start()
      .node({ id: "d", kind: "delay", config: { durationMs: 3_600_000 } })
      .node({ id: "w", kind: "wait_until", config: { until: "'2999-01-01T00:00:00Z'" } })
      .node({ id: "past", kind: "wait_until", config: { until: "'2001-01-01T00:00:00Z'" } })
      .end("end", "'done'")
      .chain("start", "past", "d", "w", "end")
      .build();
    const { runId } = await run(doc);
    await h.waitFor(runId, ["waiting"]);
    let s = byKey(await h.store.getSteps(runId));
    expect(s.past.status).toBe("succeeded");
    expect(s.d.status).toBe("waiting");
    expect(s.d.wakeAtMs! - s.d.startedAtMs!).toBe(3_600_000);
    expect((await h.store.getRun(runId))!.waitingOn).toBe("timer");
    await expireTimers(h, runId);
    await new Promise((r) => setTimeout(r, 150));
    s = byKey(await h.store.getSteps(runId));
    expect(s.d.status).toBe("succeeded");
    expect(s.w.wakeAtMs).toBe(Date.parse("2999-01-01T00:00:00Z"));
    await expireTimers(h, runId);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
  });

  it("a failing step with an error edge routes { error } down it", async () => {
    const doc = graph()
      .start()
      .transform("bad", "$error('boom')")
      .end("end", "$.steps.bad.output")
      .end("never", "'no'")
      .edge("start", "bad")
      .edge("bad", "end", "error")
      .edge("bad", "never")
      .build();
    const { runId } = await run(doc);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, runId);
    expect(d.run.output).toMatchObject({ error: { code: "expression_runtime" } });
    expect((d.run.output as { error: { message: string } }).error.message).toContain("boom");
    expect(byKey(d.steps).never.status).toBe("skipped");
  });

  it("an unrouted failure fails the run and closes parked steps and open tasks", async () => {
    const doc = graph()
      .start()
      .node(approval("ap"))
      .node({ id: "d", kind: "delay", config: { durationMs: 1000 } })
      .transform("bad", "$error('nope')")
      .end("end")
      .edge("start", "ap")
      .edge("start", "d")
      .edge("d", "bad")
      .edge("bad", "end")
      .edge("ap", "end", "approved")
      .build();
    const { runId } = await run(doc, { amount: 1 });
    await h.waitFor(runId, ["waiting"]);
    await expireTimers(h, runId);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    const d = await getRun(h.deps, runId);
    expect(d.run.error).toMatchObject({ code: "expression_runtime", stepKey: "bad" });
    expect(byKey(d.steps).ap.status).toBe("cancelled");
    expect(d.tasks[0].status).toBe("cancelled");
    expect(await events(runId)).toContain("run.failed:bad");
  });

  it("http retries 5xx with backoff scheduled through wakeAtMs, one idempotency key per attempt", async () => {
    sink.script("/flaky", [500, 503]);
    const doc = graph()
      .start()
      .node({
        id: "call",
        kind: "http",
        config: { method: "POST", url: `${sink.url}/flaky`, body: "{ 'x': $.input.x }" },
        retry: { maxAttempts: 3, initialIntervalMs: 60_000, backoffCoefficient: 2, maxIntervalMs: 600_000, jitter: 0 },
      })
      .end("end", "$.steps.call.output.body")
      .chain("start", "call", "end")
      .build();
    const { runId } = await run(doc, { x: 42 });
    await h.waitFor(runId, ["waiting"]);
    let step = byKey(await h.store.getSteps(runId)).call;
    expect(step.attempt).toBe(1);
    expect(step.wakeAtMs! - Date.now()).toBeGreaterThan(55_000);
    await expireTimers(h, runId);
    await new Promise((r) => setTimeout(r, 200));
    step = byKey(await h.store.getSteps(runId)).call;
    expect(step.attempt).toBe(2);
    expect(step.status).toBe("waiting");
    expect(step.wakeAtMs! - Date.now()).toBeGreaterThan(115_000);
    await expireTimers(h, runId);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const keys = sink.requests.filter((r) => r.path === "/flaky").map((r) => r.key);
    expect(keys).toEqual([`${runId}:call:1`, `${runId}:call:2`, `${runId}:call:3`]);
    expect(JSON.parse(sink.requests.find((r) => r.path === "/flaky")!.body)).toEqual({ x: 42 });
    const ev = await h.store.getEvents(runId);
    const retrying = ev.filter((e) => e.type === "step.retrying");
    expect(retrying).toHaveLength(2);
    expect(retrying[0].data).toMatchObject({ attempt: 1, code: "http_5xx" });
  });

  it("a decision resumes its branch at once while another branch's call is still in flight", async () => {
    sink.slow("/long", 1500);
    const doc = graph()
      .start()
      .node({ id: "call", kind: "http", config: { url: `${sink.url}/long` } })
      .node(approval("ap"))
      .transform("x", "'resumed'")
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.x.output")
      .edge("start", "call")
      .edge("start", "ap")
      .edge("ap", "x", "approved")
      .edge("call", "j")
      .edge("x", "j")
      .edge("j", "end")
      .build();
    const { runId } = await run(doc, { amount: 1 });
    const deadline = Date.now() + 5000;
    while ((await h.store.getTasks(runId)).length === 0) {
      if (Date.now() > deadline) throw new Error("no task");
      await new Promise((r) => setTimeout(r, 10));
    }
    const [task] = await h.store.getTasks(runId);
    await decideTask(h.deps, { taskId: task.id, userId: "r", userRoles: ["reviewer"], decision: "approve" });
    const until = Date.now() + 1000;
    let s = byKey(await h.store.getSteps(runId));
    while (s.x?.status !== "succeeded" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
      s = byKey(await h.store.getSteps(runId));
    }
    expect(s.x?.status).toBe("succeeded");
    expect(s.call.status).toBe("running");
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
  });

  it("a step timeout aborts the call and fails it with a clear error", async () => {
    sink.slow("/slow", 2000);
    const doc = graph()
      .start()
      .node({ id: "call", kind: "http", config: { url: `${sink.url}/slow` }, timeoutMs: 100 })
      .end("end")
      .edge("start", "call")
      .edge("call", "end", "error")
      .build();
    const { runId } = await run(doc);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const s = byKey(await h.store.getSteps(runId));
    expect(s.call.status).toBe("failed");
    expect(s.call.error).toMatchObject({ code: "timeout" });
  });

  it("cancel closes parked steps and open tasks and records who cancelled", async () => {
    const doc = graph().start().node(approval("ap")).end("end").edge("start", "ap").edge("ap", "end", "approved").build();
    const { runId } = await run(doc, { amount: 1 });
    await h.waitFor(runId, ["waiting"]);
    const r = await cancelRun(h.deps, { runId, userId: "boss", reason: "not needed" });
    expect(r.status).toBe("cancelled");
    const d = await getRun(h.deps, runId);
    expect(d.run.cancelledById).toBe("boss");
    expect(byKey(d.steps).ap.status).toBe("cancelled");
    expect(d.tasks[0].status).toBe("cancelled");
    await expect(cancelRun(h.deps, { runId, userId: "boss" })).rejects.toMatchObject({ status: 409 });
    await expect(
      decideTask(h.deps, { taskId: d.tasks[0].id, userId: "r", userRoles: ["reviewer"], decision: "approve" }),
    ).rejects.toMatchObject({ status: 409 });
    const audit = await h.db.sql.all<{ action: string; actorId: string }>(
      `SELECT "action","actorId" FROM "AuditEvent" WHERE "targetId"=?`,
      [runId],
    );
    expect(audit).toContainEqual({ action: "run.cancelled", actorId: "boss" });
  });

  it("a run stays pinned to its version after the workflow is republished", async () => {
    const v1 = graph().start().node(approval("ap")).end("end", "'v1'").edge("start", "ap").edge("ap", "end", "approved").build();
    const { runId, workflowId } = await run(v1, { amount: 1 });
    await h.waitFor(runId, ["waiting"]);
    const v2 = graph().start().end("end", "'v2'").edge("start", "end").build();
    await publish(h.db.sql, v2, workflowId);
    const [task] = await h.store.getTasks(runId);
    await decideTask(h.deps, { taskId: task.id, userId: "r", userRoles: ["reviewer"], decision: "approve" });
    await h.waitFor(runId, ["succeeded"]);
    expect((await getRun(h.deps, runId)).run.output).toBe("v1");
  });

  describe("events", () => {
    it("every transition is recorded, in order", async () => {
      const doc = graph().start().transform("t", "1").end("end", "$.steps.t.output").chain("start", "t", "end").build();
      const { runId } = await run(doc);
      await h.waitFor(runId, ["succeeded"]);
      expect(await events(runId)).toEqual([
        "run.started",
        "step.succeeded:start",
        "step.succeeded:t",
        "step.succeeded:end",
        "run.succeeded",
      ]);
    });
  });
});
