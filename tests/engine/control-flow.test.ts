// Loop, Map, Sub-workflow and Compensation on a real database (SQLite and PostgreSQL).
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { cancelRun, decideTask, getRun, startRun } from "@/lib/engine/run-service";
import type { StepRecord } from "@/lib/engine/ports";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { rerunFromStep } from "@/lib/engine/rerun";
import { retryFailedSteps } from "@/lib/engine/retry-failed";
import { graph, publish } from "./helpers/graph";
import { useEngine } from "./helpers/fixture";

const approval = (id: string) => ({
  id,
  kind: "approval",
  config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Check", payload: "$", separationOfDuties: false },
});

describeEachDb("engine control flow", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });

  async function run(doc: unknown, input: unknown = {}, workflowId?: string) {
    const { versionId } = await publish(h.db.sql, doc, workflowId);
    const r = await startRun(h.deps, { versionId, input, initiatorId: "initiator" });
    return r.id;
  }
  const keys = (steps: StepRecord[]) => steps.map((s) => s.stepKey).sort();
  async function openTasks(runId: string) {
    return (await h.store.getTasks(runId)).filter((t) => t.status === "open");
  }
  async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const approve = (taskId: string, decision: "approve" | "reject" = "approve") =>
    decideTask(h.deps, { taskId, userId: "rev", userRoles: ["reviewer"], decision, comment: decision === "reject" ? "no" : undefined });

  const loopDoc = (condition: string, max: number) =>
    graph()
      .start()
      .node({ id: "loop", kind: "loop", config: { condition, maxIterations: max } })
      .transform("inc", "{ 'n': ($.loop.last.n ? $.loop.last.n : 0) + 1, 'i': $.loop.iteration }")
      .end("end", "$.steps.loop.output")
      .edge("start", "loop")
      .edge("loop", "inc", "body")
      .back("inc", "loop")
      .edge("loop", "end", "done")
      .build();

  it("loop runs once, records each iteration's step separately", async () => {
    const id = await run(loopDoc("$.loop.iteration < 1", 5));
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, id);
    expect(d.run.output).toEqual({ iterations: 1, last: { n: 1, i: 0 }, maxReached: false });
    expect(keys(d.steps)).toEqual(["end", "loop", "loop#0/inc", "start"]);
  });

  it("rerun: from inside a loop body is refused with a clear reason; from the Loop itself runs every pass again", async () => {
    const id = await run(loopDoc("$.loop.iteration < 2", 5));
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    await expect(rerunFromStep(h.deps, { runId: id, stepKey: "inc", userId: "u", version: "original" })).rejects.toThrow(
      /inside the body of "loop"/,
    );
    const again = await rerunFromStep(h.deps, { runId: id, stepKey: "loop", userId: "u", version: "original" });
    expect(await h.waitFor(again.run.id, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, again.run.id);
    expect(d.run.output).toEqual({ iterations: 2, last: { n: 2, i: 1 }, maxReached: false });
    expect(d.run.sourceRunId).toBe(id);
  });

  it("loop stops at its maximum with maxReached", async () => {
    const id = await run(loopDoc("true", 4));
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    const d = await getRun(h.deps, id);
    expect(d.run.output).toEqual({ iterations: 4, last: { n: 4, i: 3 }, maxReached: true });
    expect(
      d.steps
        .filter((s) => s.nodeId === "inc")
        .map((s) => s.stepKey)
        .sort(),
    ).toEqual(["loop#0/inc", "loop#1/inc", "loop#2/inc", "loop#3/inc"]);
  });

  it("map of 200 items with concurrency 8 keeps input order; a loop runs inside each item", async () => {
    const doc = graph()
      .start()
      .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 8 } })
      .node({ id: "inner", kind: "loop", config: { condition: "$.loop.iteration < 2", maxIterations: 3 } })
      .transform("dbl", "$.item * 2 + $.loop.iteration")
      .transform("res", "$.steps.inner.output.last")
      .end("end", "$.steps.map.output")
      .edge("start", "map")
      .edge("map", "inner", "body")
      .edge("inner", "dbl", "body")
      .back("dbl", "inner")
      .edge("inner", "res", "done")
      .back("res", "map")
      .edge("map", "end", "done")
      .build();
    const xs = Array.from({ length: 200 }, (_, i) => i);
    const id = await run(doc, { xs });
    expect(await h.waitFor(id, ["succeeded", "failed"], 30_000)).toBe("succeeded");
    const d = await getRun(h.deps, id);
    expect(d.run.output).toEqual(xs.map((x) => x * 2 + 1));
    expect(d.steps.some((s) => s.stepKey === "map[199]/inner#1/dbl")).toBe(true);
  });

  it("map never has more items in progress than its concurrency (HTTP calls in every item)", async () => {
    sink.slow("/item", 40);
    const doc = graph()
      .start()
      .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 4 } })
      .node({ id: "call", kind: "http", config: { method: "POST", url: `${sink.url}/item`, body: "{ 'x': $.item }" } })
      .transform("pick", "$.steps.call.output.body.ok")
      .end("end", "$count($.steps.map.output)")
      .edge("start", "map")
      .edge("map", "call", "body")
      .edge("call", "pick")
      .back("pick", "map")
      .edge("map", "end", "done")
      .build();
    const id = await run(doc, { xs: Array.from({ length: 16 }, (_, i) => i) });
    expect(await h.waitFor(id, ["succeeded", "failed"], 20_000)).toBe("succeeded");
    expect((await getRun(h.deps, id)).run.output).toBe(16);
    expect(sink.requests.filter((r) => r.path === "/item")).toHaveLength(16);
    expect(sink.maxConcurrent("/item")).toBeLessThanOrEqual(4);
    expect(sink.maxConcurrent("/item")).toBeGreaterThan(1);
  });

  it("an approval inside a map item parks only that item; concurrency holds; the decision resumes the right frame", async () => {
    const doc = graph()
      .start()
      .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 2 } })
      .node({ id: "c", kind: "condition", config: { branches: [{ id: "review", label: "Review", expression: "$.item = 'b'" }] } })
      .node(approval("ap"))
      .transform("ok", "$.item")
      .node({ id: "j", kind: "join", config: { mode: "any" } })
      .end("end", "$.steps.map.output")
      .edge("start", "map")
      .edge("map", "c", "body")
      .edge("c", "ap", "review")
      .edge("c", "ok", "else")
      .edge("ap", "ok", "approved")
      .edge("ok", "j")
      .back("j", "map")
      .edge("map", "end", "done")
      .build();
    const id = await run(doc, { xs: ["a", "b", "c", "d"] });
    expect(await h.waitFor(id, ["waiting", "failed"])).toBe("waiting");
    const tasks = await openTasks(id);
    expect(tasks.map((t) => t.stepKey)).toEqual(["map[1]/ap"]);
    const detail = await getTaskDetail(h.db.sql, Date.now(), tasks[0].id, {
      userId: "rev",
      roles: ["reviewer"],
      isAdmin: false,
      decider: true,
    });
    expect(detail.run.upstream.map((u) => u.stepKey).sort()).toEqual(["map[1]/c", "start"]);
    const mid = await getRun(h.deps, id);
    // Items 0, 2 and 3 finished while item 1 waits (a parked item keeps its slot: 2 slots, one free).
    expect(
      mid.steps
        .filter((s) => s.nodeId === "j" && s.status === "succeeded")
        .map((s) => s.stepKey)
        .sort(),
    ).toEqual(["map[0]/j", "map[2]/j", "map[3]/j"]);
    await approve(tasks[0].id);
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, id)).run.output).toEqual(["a", "b", "c", "d"].map((ok) => ({ ok })));
  });

  it("map item failure: collect keeps going, fail fails the map", async () => {
    const mk = (onItemError: string) =>
      graph()
        .start()
        .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 3, onItemError } })
        .transform("t", "$.item = 2 ? $error('bad item') : $.item")
        .end("end", "$.steps.map.output")
        .edge("start", "map")
        .edge("map", "t", "body")
        .back("t", "map")
        .edge("map", "end", "done")
        .build();
    const a = await run(mk("collect"), { xs: [1, 2, 3] });
    expect(await h.waitFor(a, ["succeeded", "failed"])).toBe("succeeded");
    const out = (await getRun(h.deps, a)).run.output as unknown[];
    expect(out[0]).toBe(1);
    expect(out[2]).toBe(3);
    expect((out[1] as { error: { message: string } }).error.message).toContain("bad item");
    const b = await run(mk("fail"), { xs: [1, 2, 3] });
    expect(await h.waitFor(b, ["succeeded", "failed"])).toBe("failed");
    const rb = await getRun(h.deps, b);
    expect((rb.run.error as { message: string }).message).toContain("Item 1 failed");
  });

  it("a map over a non-array fails with a clear error", async () => {
    const doc = graph()
      .start()
      .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 2 } })
      .transform("t", "$.item")
      .end("end")
      .edge("start", "map")
      .edge("map", "t", "body")
      .back("t", "map")
      .edge("map", "end", "done")
      .build();
    const id = await run(doc, { xs: { not: "a list" } });
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("failed");
    const r = await getRun(h.deps, id);
    expect((r.run.error as { message: string; code: string }).code).toBe("map_not_array");
    expect((r.run.error as { message: string }).message).toContain("must be a list");
    expect(r.steps.filter((s) => s.stepKey.startsWith("map["))).toHaveLength(0);
  });

  it("an approval inside a sub-workflow inside a parallel branch: the decision resumes the child, the parent continues, the join completes", async () => {
    const child = graph()
      .start()
      .node(approval("ap"))
      .transform("t", "{ 'approvedFor': $.input.who }")
      .end("end", "$.steps.t.output")
      .edge("start", "ap")
      .edge("ap", "t", "approved")
      .edge("t", "end")
      .build();
    const { workflowId: childWf, version } = await publish(h.db.sql, child);
    const parent = graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: childWf, version: String(version), input: "{ 'who': $.input.who }" } })
      .transform("other", "'branch B'")
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "{ 'sub': $.steps.sub.output, 'other': $.steps.other.output }")
      .edge("start", "sub")
      .edge("start", "other")
      .edge("sub", "j")
      .edge("other", "j")
      .edge("j", "end")
      .build();
    const id = await run(parent, { who: "ana" });
    expect(await h.waitFor(id, ["waiting", "failed"])).toBe("waiting");
    const p = await h.store.getRun(id);
    expect(p?.waitingOn).toBe("child");
    const childRun = await until(async () => {
      const rows = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "parentRunId"=?`, [id]);
      return rows[0]?.id;
    });
    expect(await h.waitFor(childRun, ["waiting"])).toBe("waiting");
    const cr = await h.store.getRun(childRun);
    expect(cr).toMatchObject({ parentRunId: id, parentStepKey: "sub", depth: 1, versionId: expect.any(String) });
    const [task] = await openTasks(childRun);
    // The reviewer's task view shows where the child sits: parent run and the step that called it.
    const detail = await getTaskDetail(h.db.sql, Date.now(), task.id, {
      userId: "rev",
      roles: ["reviewer"],
      isAdmin: false,
      decider: true,
    });
    expect(detail.run.parents).toEqual([expect.objectContaining({ runId: id, stepKey: "sub", status: "waiting" })]);
    await approve(task.id);
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, id)).run.output).toEqual({ sub: { approvedFor: "ana" }, other: "branch B" });
  });

  it("cancelling a parent cancels its waiting child", async () => {
    const child = graph().start().node(approval("ap")).end("end").edge("start", "ap").edge("ap", "end", "approved").build();
    const { workflowId: childWf, version } = await publish(h.db.sql, child);
    const parent = graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: childWf, version: String(version), input: "$.input" } })
      .end("end")
      .chain("start", "sub", "end")
      .build();
    const id = await run(parent);
    const childRun = await until(
      async () => (await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "parentRunId"=?`, [id]))[0]?.id,
    );
    await h.waitFor(childRun, ["waiting"]);
    await cancelRun(h.deps, { runId: id, userId: "admin", reason: "stop" });
    expect((await h.store.getRun(childRun))?.status).toBe("cancelled");
    expect((await h.store.getTasks(childRun)).every((t) => t.status === "cancelled")).toBe(true);
  });

  it("cancelling a child on its own fails the parent's sub-workflow step, which can route down its error edge", async () => {
    const child = graph().start().node(approval("ap")).end("end").edge("start", "ap").edge("ap", "end", "approved").build();
    const { workflowId: childWf, version } = await publish(h.db.sql, child);
    const parent = graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: childWf, version: String(version), input: "$.input" } })
      .transform("fallback", "'handled: ' & $.steps.sub.output.error.code")
      .end("end", "$.steps.fallback.output")
      .edge("start", "sub")
      .edge("sub", "end")
      .edge("sub", "fallback", "error")
      .edge("fallback", "end")
      .build();
    const id = await run(parent);
    const childRun = await until(
      async () => (await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "parentRunId"=?`, [id]))[0]?.id,
    );
    await h.waitFor(childRun, ["waiting"]);
    await cancelRun(h.deps, { runId: childRun, userId: "admin", reason: "not needed" });
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, id)).run.output).toBe("handled: subworkflow_cancelled");
  });

  it("retrying a failed run in place starts a fresh child for a sub-workflow the failure cancelled", async () => {
    const child = graph().start().node(approval("ap")).end("end", "'child done'").edge("start", "ap").edge("ap", "end", "approved").build();
    const { workflowId: childWf, version } = await publish(h.db.sql, child);
    const parent = graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: childWf, version: String(version), input: "$.input" } })
      .node({ id: "flaky", kind: "http", config: { method: "POST", url: `${sink.url}/flaky-once` } })
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.sub.output")
      .edge("start", "sub")
      .edge("start", "flaky")
      .edge("sub", "j")
      .edge("flaky", "j")
      .edge("j", "end")
      .build();
    sink.script("/flaky-once", [400]);
    const id = await run(parent);
    expect(await h.waitFor(id, ["failed", "succeeded"])).toBe("failed");
    const first = (await h.db.sql.all<{ id: string; status: string }>(`SELECT "id","status" FROM "Run" WHERE "parentRunId"=?`, [id]))[0];
    expect(first.status).toBe("cancelled");
    await retryFailedSteps(h.deps, { runId: id, userId: "admin" });
    const fresh = await until(
      async () =>
        (
          await h.db.sql.all<{ id: string }>(
            `SELECT "id" FROM "Run" WHERE "parentRunId"=? AND "parentStepKey"='sub' AND "status"<>'cancelled'`,
            [id],
          )
        )[0]?.id,
    );
    expect(fresh).not.toBe(first.id);
    await h.waitFor(fresh, ["waiting"]);
    await approve((await openTasks(fresh))[0].id);
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, id)).run.output).toBe("child done");
  });

  it("a workflow that calls itself stops at the depth limit with a clear error", async () => {
    const wf = "self-" + dialect;
    const doc = graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: wf, version: "latest", input: "$.input" } })
      .end("end")
      .chain("start", "sub", "end")
      .build();
    const id = await run(doc, {}, wf);
    expect(await h.waitFor(id, ["succeeded", "failed"], 20_000)).toBe("failed");
    const deepest = await h.db.sql.all<{ depth: number; error: string }>(
      `SELECT "depth","error" FROM "Run" WHERE "workflowId"=? ORDER BY "depth" DESC LIMIT 1`,
      [wf],
    );
    expect(Number(deepest[0].depth)).toBe(8);
    expect(String(deepest[0].error)).toContain("depth limit");
    expect((await getRun(h.deps, id)).run.error).toMatchObject({ code: "subworkflow_failed" });
  });

  it("compensation after a failure in a parallel region runs undo steps in reverse completion order", async () => {
    const undo = (id: string) => ({ id, kind: "http", config: { method: "POST", url: `${sink.url}/undo/${id}`, body: "$.compensation" } });
    const doc = graph()
      .start()
      .node({ id: "book", kind: "http", config: { method: "POST", url: `${sink.url}/do/book` }, undo: "unbook" })
      .node({ id: "a", kind: "http", config: { method: "POST", url: `${sink.url}/do/a` }, undo: "unA" })
      .node({ id: "b", kind: "http", config: { method: "POST", url: `${sink.url}/do/b` }, undo: "unB" })
      .node({ id: "boom", kind: "http", config: { method: "POST", url: `${sink.url}/do/boom` } })
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end")
      .node(undo("unbook"))
      .node(undo("unA"))
      .node(undo("unB"))
      .edge("start", "book")
      .edge("book", "a")
      .edge("a", "b")
      .edge("book", "boom")
      .edge("b", "j")
      .edge("boom", "j")
      .edge("j", "end")
      .build();
    sink.slow("/do/boom", 300);
    sink.script("/do/boom", [400]);
    const id = await run(doc);
    expect(await h.waitFor(id, ["compensated", "compensation_failed", "failed"])).toBe("compensated");
    const undone = sink.requests.filter((r) => r.path.startsWith("/undo/")).map((r) => r.path);
    expect(undone).toEqual(["/undo/unB", "/undo/unA", "/undo/unbook"]);
    const body = JSON.parse(sink.requests.find((r) => r.path === "/undo/unA")!.body) as { step: string; output: { status: number } };
    expect(body.step).toBe("a");
    expect(body.output.status).toBe(200);
    const r = await getRun(h.deps, id);
    expect((r.run.error as { stepKey: string }).stepKey).toBe("boom");
    expect(r.steps.find((s) => s.stepKey === "b~undo")?.status).toBe("succeeded");
  });

  it("a rejection routed to a Compensate node undoes completed work; a failing undo ends compensation_failed", async () => {
    const mk = (undoPath: string) =>
      graph()
        .start()
        .node({ id: "reserve", kind: "http", config: { method: "POST", url: `${sink.url}/do/reserve` }, undo: "release" })
        .node(approval("ap"))
        .node({ id: "comp", kind: "compensate", config: { reason: "Rejected by reviewer" } })
        .end("end")
        .node({
          id: "release",
          kind: "http",
          config: { method: "POST", url: `${sink.url}${undoPath}` },
          retry: { maxAttempts: 2, initialIntervalMs: 1, backoffCoefficient: 1, maxIntervalMs: 1, jitter: 0 },
        })
        .edge("start", "reserve")
        .edge("reserve", "ap")
        .edge("ap", "end", "approved")
        .edge("ap", "comp", "rejected")
        .build();
    const id = await run(mk("/undo/release"));
    await h.waitFor(id, ["waiting"]);
    await approve((await openTasks(id))[0].id, "reject");
    expect(await h.waitFor(id, ["compensated", "compensation_failed", "failed"])).toBe("compensated");
    expect((await getRun(h.deps, id)).run.error).toMatchObject({ message: "Rejected by reviewer", code: "compensate" });

    sink.script("/undo/broken", [500, 500]);
    const id2 = await run(mk("/undo/broken"));
    await h.waitFor(id2, ["waiting"]);
    await approve((await openTasks(id2))[0].id, "reject");
    expect(await h.waitFor(id2, ["compensated", "compensation_failed", "failed"])).toBe("compensation_failed");
    const r2 = await getRun(h.deps, id2);
    expect(r2.run.error).toMatchObject({ code: "compensation_failed", stepKey: "reserve~undo" });
    expect(sink.requests.filter((r) => r.path === "/undo/broken")).toHaveLength(2);
  });
});
