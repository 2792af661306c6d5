import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { getRun, startRun } from "@/lib/engine/run-service";
import { rerunFromStep } from "@/lib/engine/rerun";
import { useEngine } from "./helpers/fixture";

describeEachDb("rerun from any step", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });

  const hits = (path: string) => sink.requests.filter((r) => r.path === path);
  const count = async (table: string) => Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);

  /** start → a (http) → b (transform of a's answer) → c (http posting b) → end */
  function pipeline(prefix: string, cPath = "c") {
    return graph()
      .start({ type: "object", properties: { who: { type: "string" } } })
      .node({ id: "a", kind: "http", config: { method: "POST", url: `${sink.url}/${prefix}/a`, body: "{ 'who': $.input.who }" } })
      .transform("b", "{ 'v': $.steps.a.output.body.path, 'who': $.input.who }")
      .node({ id: "c", kind: "http", config: { method: "POST", url: `${sink.url}/${prefix}/${cPath}`, body: "$.steps.b.output" } })
      .end("end", "$.steps.c.output.body.path")
      .chain("start", "a", "b", "c", "end")
      .build();
  }

  async function finishedRun(doc: unknown) {
    const p = await publish(h.db.sql, doc);
    const { id } = await startRun(h.deps, { versionId: p.versionId, input: { who: "ann" }, initiatorId: "u1" });
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    return { runId: id, ...p };
  }

  it("reruns from a middle step: upstream effects are reused (not repeated), the step and its downstream run again", async () => {
    const { runId } = await finishedRun(pipeline("p1"));
    const res = await rerunFromStep(h.deps, { runId, stepKey: "b", version: "original", userId: "u2" });
    expect(res.reusedSteps.sort()).toEqual(["a", "start"]);
    expect(await h.waitFor(res.run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(hits("/p1/a")).toHaveLength(1);
    expect(hits("/p1/c")).toHaveLength(2);
    expect(JSON.parse(hits("/p1/c")[1].body)).toEqual({ v: "/p1/a", who: "ann" });
    const d = await getRun(h.deps, res.run.id);
    expect(d.run.trigger).toBe("rerun");
    expect(d.run.output).toBe("/p1/c");
    const row = await h.db.sql.all<{ sourceRunId: string }>(`SELECT "sourceRunId" FROM "Run" WHERE "id"=?`, [res.run.id]);
    expect(row[0].sourceRunId).toBe(runId);
    const ev = await h.store.getEvents(res.run.id);
    const reusedA = ev.find((e) => e.type === "step.succeeded" && e.stepKey === "a");
    expect(reusedA?.data).toMatchObject({ reused: true, sourceRunId: runId });
    const ranB = ev.filter((e) => e.stepKey === "b" && e.type === "step.succeeded");
    expect(ranB).toHaveLength(1);
    expect(ranB[0].data).not.toHaveProperty("reused");
    const audit = await h.db.sql.all<{ data: string }>(`SELECT "data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='run.started'`, [
      res.run.id,
    ]);
    expect(JSON.parse(audit[0].data)).toMatchObject({ trigger: "rerun", sourceRunId: runId, fromStep: "b" });
  });

  it("reuses parallel branches that are not downstream of the chosen step", async () => {
    const doc = graph()
      .start()
      .node({ id: "left", kind: "http", config: { url: `${sink.url}/p6/left` } })
      .node({ id: "right", kind: "http", config: { url: `${sink.url}/p6/right` } })
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "[$.steps.j.output.left.status, $.steps.j.output.right.status]")
      .edge("start", "left")
      .edge("start", "right")
      .edge("left", "j")
      .edge("right", "j")
      .edge("j", "end")
      .build();
    const { runId } = await finishedRun(doc);
    const res = await rerunFromStep(h.deps, { runId, stepKey: "right", version: "original", userId: "u" });
    expect(res.reusedSteps.sort()).toEqual(["left", "start"]);
    expect(await h.waitFor(res.run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.store.getRun(res.run.id))!.output).toEqual([200, 200]);
    expect(hits("/p6/left")).toHaveLength(1);
    expect(hits("/p6/right")).toHaveLength(2);
  });

  it("uses an overridden input for the chosen step", async () => {
    const { runId } = await finishedRun(pipeline("p2"));
    const res = await rerunFromStep(h.deps, {
      runId,
      nodeId: "b",
      version: "original",
      userId: "u2",
      inputOverride: { a: { status: 200, body: { path: "/edited" } }, Start: { who: "bob" } },
    });
    expect(await h.waitFor(res.run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(hits("/p2/a")).toHaveLength(1);
    expect(JSON.parse(hits("/p2/c")[1].body)).toEqual({ v: "/edited", who: "bob" });
    const ev = await h.store.getEvents(res.run.id);
    expect(ev.find((e) => e.stepKey === "a")?.data).toMatchObject({ reused: true, overridden: true });
  });

  it("reruns on the latest version when its upstream has the same shape", async () => {
    const { runId, workflowId } = await finishedRun(pipeline("p3"));
    await publish(h.db.sql, pipeline("p3", "c2"), workflowId);
    const res = await rerunFromStep(h.deps, { runId, stepKey: "c", version: "latest", userId: "u2" });
    expect(await h.waitFor(res.run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(hits("/p3/a")).toHaveLength(1);
    expect(hits("/p3/c2")).toHaveLength(1);
    expect((await h.store.getRun(res.run.id))!.versionId).not.toBe((await h.store.getRun(runId))!.versionId);
  });

  it("refuses bad requests with a clear reason and writes nothing", async () => {
    const { runId, workflowId } = await finishedRun(pipeline("p4"));
    const runs = await count("Run");
    const events = await count("RunEvent");
    const steps = await count("Step");
    const audits = await count("AuditEvent");

    await expect(rerunFromStep(h.deps, { runId, stepKey: "nope", version: "original", userId: "u" })).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/Step "nope" does not exist/),
    });
    await expect(rerunFromStep(h.deps, { runId, stepKey: "start", version: "original", userId: "u" })).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      rerunFromStep(h.deps, { runId, stepKey: "c", version: "original", userId: "u", inputOverride: { a: {} } }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/inputOverride\.a: is not a step feeding "c" \(allowed: b, Start\)/),
    });
    await expect(
      rerunFromStep(h.deps, { runId, stepKey: "b", version: "original", userId: "u", inputOverride: { Start: { who: 5 } } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(rerunFromStep(h.deps, { runId: "missing", stepKey: "b", version: "original", userId: "u" })).rejects.toMatchObject({
      status: 404,
    });

    // latest version: the upstream step "a" became a transform → upstream changed shape
    const changed = graph()
      .start({ type: "object", properties: { who: { type: "string" } } })
      .transform("a", "{ 'body': { 'path': 'x' } }")
      .transform("b", "1")
      .end("end", "$.steps.b.output")
      .chain("start", "a", "b", "end")
      .build();
    await publish(h.db.sql, changed, workflowId);
    await expect(rerunFromStep(h.deps, { runId, stepKey: "b", version: "latest", userId: "u" })).rejects.toMatchObject({
      status: 409,
      code: "upstream_changed",
      message: expect.stringMatching(/steps\.a: upstream step changed kind \(http → transform\)/),
    });
    // the step no longer exists in the latest version
    await expect(rerunFromStep(h.deps, { runId, stepKey: "c", version: "latest", userId: "u" })).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/does not exist in version 2/),
    });
    expect(await count("Run")).toBe(runs);
    expect(await count("RunEvent")).toBe(events);
    expect(await count("Step")).toBe(steps);
    expect(await count("AuditEvent")).toBe(audits);
  });

  it("refuses a run that is still active and one whose upstream step did not finish", async () => {
    sink.script("/p5/a", [400]);
    const p = await publish(h.db.sql, pipeline("p5"));
    const { id } = await startRun(h.deps, { versionId: p.versionId, input: { who: "x" }, initiatorId: null });
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("failed");
    await expect(rerunFromStep(h.deps, { runId: id, stepKey: "c", version: "original", userId: "u" })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/steps\.a: upstream step did not finish in the source run \(failed\)/),
    });
    // rerun from the failed step itself works: its upstream (start) is reused
    const res = await rerunFromStep(h.deps, { runId: id, stepKey: "a", version: "original", userId: "u" });
    expect(await h.waitFor(res.run.id, ["succeeded", "failed"])).toBe("succeeded");

    const ap = graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input" },
      })
      .end("end", "1")
      .edge("start", "ap")
      .edge("ap", "end", "approved")
      .build();
    const v = await publish(h.db.sql, ap);
    const { id: waiting } = await startRun(h.deps, { versionId: v.versionId, input: {}, initiatorId: null });
    await h.waitFor(waiting, ["waiting"]);
    await expect(rerunFromStep(h.deps, { runId: waiting, stepKey: "end", version: "original", userId: "u" })).rejects.toMatchObject({
      status: 409,
      code: "run_active",
    });
  });
});
