// A worker SIGKILLed in the middle of compensation, or while a parent waits on its child: the next
// worker resumes. Finished steps are not sent again; the call in flight is re-sent with the same
// idempotency key; exactly one child run exists.
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startRun } from "@/lib/engine/run-service";
import { graph, publish } from "./helpers/graph";
import { spawnWorker } from "./helpers/processes";
import { useEngine } from "./helpers/fixture";

describeEachDb("compensation survives a crash (real worker processes)", (dialect) => {
  const { h, sink } = useEngine(dialect, { startWorker: false, sink: true });

  it("SIGKILL after the second undo call resumes without repeating finished undo steps", { timeout: 60_000 }, async () => {
    const http = (id: string, path: string, undo?: string) => ({
      id,
      kind: "http",
      config: { method: "POST", url: `${sink.url}${path}` },
      ...(undo ? { undo } : {}),
    });
    const doc = graph()
      .start()
      .node(http("a", "/do/a", "ua"))
      .node(http("b", "/do/b", "ub"))
      .node(http("c", "/do/c", "uc"))
      .node(http("boom", "/do/boom"))
      .end("end")
      .node(http("ua", "/undo/a"))
      .node(http("ub", "/undo/b"))
      .node(http("uc", "/undo/c"))
      .chain("start", "a", "b", "c", "boom", "end")
      .build();
    sink.script("/do/boom", [400]);
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });

    // Effects in order: a, b, c, boom (fails), undo c, undo b ← killed here, before its result commits.
    const crashing = spawnWorker(h.db.url, { SWITCHYARD_CRASH_AT: "after_effect", SWITCHYARD_CRASH_AFTER_N: "6" });
    const first = await crashing.exited;
    expect(first.signal === "SIGKILL" || first.code === 137, crashing.output()).toBe(true);
    const mid = await h.store.getRun(run.id);
    expect(mid?.status).toBe("compensating");
    expect((await h.store.getSteps(run.id)).find((s) => s.stepKey === "c~undo")?.status).toBe("succeeded");

    const healthy = spawnWorker(h.db.url);
    try {
      const deadline = Date.now() + 40_000;
      for (;;) {
        const r = await h.store.getRun(run.id);
        if (r && ["compensated", "compensation_failed", "failed"].includes(r.status)) break;
        if (Date.now() > deadline) throw new Error(`run is ${r?.status}\n${healthy.output()}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      await healthy.stop();
    }
    expect((await h.store.getRun(run.id))?.status).toBe("compensated");
    const undo = sink.requests.filter((r) => r.path.startsWith("/undo/"));
    expect(undo.filter((r) => r.path === "/undo/c")).toHaveLength(1);
    expect(undo.filter((r) => r.path === "/undo/a")).toHaveLength(1);
    const b = undo.filter((r) => r.path === "/undo/b");
    expect(b.length).toBeGreaterThanOrEqual(1);
    expect(new Set(b.map((r) => r.key)).size, "the interrupted undo call is re-sent with the same key").toBe(1);
    // Order of first deliveries: newest completion first.
    expect([...new Set(undo.map((r) => r.path))]).toEqual(["/undo/c", "/undo/b", "/undo/a"]);
    const succeeded = (await h.store.getEvents(run.id))
      .filter((e) => e.type === "step.succeeded" && e.stepKey?.endsWith("~undo"))
      .map((e) => e.stepKey);
    expect(succeeded).toEqual(["c~undo", "b~undo", "a~undo"]);
  });

  it(
    "SIGKILL inside a sub-workflow's child: the next worker finishes the child and the parent, one child, one key",
    { timeout: 60_000 },
    async () => {
      const child = await publish(
        h.db.sql,
        graph()
          .start()
          .node({ id: "call", kind: "http", config: { method: "POST", url: `${sink.url}/child/call`, body: "$.input" } })
          .end("end", "$.steps.call.output.status")
          .chain("start", "call", "end")
          .build(),
      );
      const parent = graph()
        .start()
        .node({
          id: "sub",
          kind: "subworkflow",
          config: { workflowId: child.workflowId, version: String(child.version), input: "{ 'n': 7 }" },
        })
        .transform("after", "{ 'childSaid': $.steps.sub.output }")
        .end("end", "$.steps.after.output")
        .chain("start", "sub", "after", "end")
        .build();
      const { versionId } = await publish(h.db.sql, parent);
      const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
      const crashing = spawnWorker(h.db.url, { SWITCHYARD_CRASH_AT: "after_effect", SWITCHYARD_CRASH_AFTER_N: "1" });
      const first = await crashing.exited;
      expect(first.signal === "SIGKILL" || first.code === 137, crashing.output()).toBe(true);
      const healthy = spawnWorker(h.db.url);
      try {
        const deadline = Date.now() + 40_000;
        for (;;) {
          const r = await h.store.getRun(run.id);
          if (r && ["succeeded", "failed"].includes(r.status)) break;
          if (Date.now() > deadline) throw new Error(`run is ${r?.status}\n${healthy.output()}`);
          await new Promise((res) => setTimeout(res, 50));
        }
      } finally {
        await healthy.stop();
      }
      const r = await h.store.getRun(run.id);
      expect(r?.status).toBe("succeeded");
      expect(r?.output).toEqual({ childSaid: 200 });
      const kids = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "parentRunId"=?`, [run.id]);
      expect(kids).toHaveLength(1);
      const calls = sink.requests.filter((q) => q.path === "/child/call");
      expect(calls.length).toBeGreaterThanOrEqual(1);
      expect(new Set(calls.map((q) => q.key)).size, "re-sent with the same idempotency key").toBe(1);
    },
  );
});
