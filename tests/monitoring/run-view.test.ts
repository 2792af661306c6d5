// Run view and step inspector read models against real engine runs on both databases: a parallel
// region with an approval (node states, taken path, task and decisions), a step that retries and
// fails (attempts with reasons), secrets masked, event paging, and clear 404s.
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { expireTimers } from "@/tests/engine/helpers/engine";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { loadOlderEvents, loadRunView, loadStepDetail } from "@/lib/db/run-view-read";
import { nodeStates, takenEdges } from "@/lib/monitoring/node-states";
import { MASKED } from "@/lib/monitoring/mask-secrets";
import { useEngine } from "@/tests/engine/helpers/fixture";

describeEachDb("run view", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });

  const parallel = () =>
    graph()
      .start()
      .transform("a", "{ 'checked': $.input.amount * 2 }")
      .node({
        id: "ap",
        kind: "approval",
        name: "Approve",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input" },
      })
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.j.output")
      .edge("start", "a")
      .edge("start", "ap")
      .edge("a", "j")
      .edge("ap", "j", "approved")
      .edge("ap", "end", "rejected")
      .edge("j", "end")
      .build();

  it("shows a parallel run parked on an approval, then its finished state with the path taken", async () => {
    const { versionId } = await publish(h.db.sql, parallel());
    const run = await startRun(h.deps, {
      versionId,
      input: { amount: 5, password: "hunter2", note: "Bearer abcdefghijklmnop1234" },
      initiatorId: "alice",
    });
    await h.waitFor(run.id, ["waiting"]);
    let view = await loadRunView(h.db.sql, run.id);
    expect(view.run).toMatchObject({ id: run.id, status: "waiting", waitingOn: "task", version: 1, initiatorId: "alice" });
    expect(view.run.input).toEqual({ amount: 5, password: MASKED, note: MASKED });
    expect(view.graph?.nodes.map((n) => n.id)).toEqual(["start", "a", "ap", "j", "end"]);
    const states = nodeStates(view.steps);
    expect(states).toMatchObject({ start: { status: "succeeded" }, a: { status: "succeeded" }, ap: { status: "waiting" } });
    expect(states.j).toBeUndefined();
    expect(view.tasks).toEqual([expect.objectContaining({ stepKey: "ap", status: "open", title: expect.any(String) })]);
    expect(view.events.map((e) => e.type)).toContain("task.created");
    expect(view.cursor).toBe(view.events[view.events.length - 1].id);
    const edge = (s: string, t: string) => view.graph!.edges.find((e) => e.source === s && e.target === t)!.id;
    expect(takenEdges(view.graph!.edges, view.steps)).toEqual(new Set([edge("start", "a"), edge("start", "ap")]));

    await decideTask(h.deps, { taskId: view.tasks[0].id, userId: "rui", userRoles: ["reviewer"], decision: "approve", comment: "fine" });
    await h.waitFor(run.id, ["succeeded"]);
    view = await loadRunView(h.db.sql, run.id);
    expect(view.run.status).toBe("succeeded");
    expect(Object.values(nodeStates(view.steps)).every((s) => s.status === "succeeded")).toBe(true);
    expect(takenEdges(view.graph!.edges, view.steps)).toEqual(
      new Set([edge("start", "a"), edge("start", "ap"), edge("a", "j"), edge("ap", "j"), edge("j", "end")]),
    );

    const ap = await loadStepDetail(h.db.sql, run.id, "ap");
    expect(ap.node).toEqual({ id: "ap", name: "Approve", kind: "approval" });
    expect(ap.task).toMatchObject({ status: "approved", quorum: 1, assignees: [{ type: "role", value: "reviewer" }] });
    expect(ap.task!.decisions).toEqual([expect.objectContaining({ userId: "rui", decision: "approve", comment: "fine" })]);
    expect(ap.task!.payload).toMatchObject({ amount: 5, password: MASKED });
    expect(ap.task!.decidedAtMs! - ap.task!.createdAtMs).toBeGreaterThanOrEqual(0);
    const a = await loadStepDetail(h.db.sql, run.id, "a");
    expect(a.step.output).toEqual({ checked: 10 });
    expect(a.step.status).toBe("succeeded");
  });

  it("lists every attempt of a failing step with its retry reason", async () => {
    sink.script("/down", [503, 502]);
    const doc = graph()
      .start()
      .node({
        id: "call",
        kind: "http",
        name: "Call supplier",
        config: { method: "POST", url: `${sink.url}/down`, body: "{ 'x': 1 }" },
        retry: { maxAttempts: 2, initialIntervalMs: 60_000, backoffCoefficient: 2, maxIntervalMs: 600_000, jitter: 0 },
      })
      .end("end", "$.steps.call.output.body")
      .chain("start", "call", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: "alice" });
    await h.waitFor(run.id, ["waiting"]);
    await expireTimers(h, run.id);
    expect(await h.waitFor(run.id, ["failed", "succeeded"])).toBe("failed");

    const view = await loadRunView(h.db.sql, run.id);
    expect(view.run.error).toMatchObject({ stepKey: "call" });
    expect(nodeStates(view.steps).call).toEqual({ status: "failed", attempt: 2 });
    const d = await loadStepDetail(h.db.sql, run.id, "call");
    expect(d.step.status).toBe("failed");
    expect(d.step.error).toMatchObject({ code: expect.stringMatching(/http/) });
    expect(d.attempts.map((x) => [x.attempt, x.outcome])).toEqual([
      [1, "retrying"],
      [2, "failed"],
    ]);
    expect(d.attempts[0].reason).toBeTruthy();
    expect(d.attempts[0].retryAtMs).toBeGreaterThan(d.attempts[0].endedAtMs!);
    expect(d.attempts.every((x) => x.startedAtMs !== null && x.endedAtMs !== null)).toBe(true);
    expect(d.step.input).toMatchObject({ method: "POST", url: `${sink.url}/down` });
  });

  it("pages the event log backwards", async () => {
    const { versionId } = await publish(h.db.sql, parallel());
    const run = await startRun(h.deps, { versionId, input: { amount: 1 }, initiatorId: null });
    await h.waitFor(run.id, ["waiting"]);
    const all = await h.store.getEvents(run.id);
    const page = await loadOlderEvents(h.db.sql, run.id, all[3].id, 2);
    expect(page.events.map((e) => e.id)).toEqual([all[1].id, all[2].id]);
    expect(page.hasOlder).toBe(true);
  });

  it("answers 404 for an unknown run or step", async () => {
    await expect(loadRunView(h.db.sql, "nope")).rejects.toMatchObject({ status: 404 });
    const { versionId } = await publish(h.db.sql, parallel());
    const run = await startRun(h.deps, { versionId, input: { amount: 1 }, initiatorId: null });
    await expect(loadStepDetail(h.db.sql, run.id, "ghost")).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining("ghost"),
    });
  });
});
