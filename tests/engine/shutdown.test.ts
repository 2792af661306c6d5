import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { startRun } from "@/lib/engine/run-service";
import { Worker, WorkerConflictError } from "@/lib/engine/worker";
import { useEngine } from "./helpers/fixture";

describeEachDb("graceful shutdown and worker registry", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });

  it("a stopping worker hands its runs back at once; the next worker re-sends with the same key", async () => {
    sink.slow("/slow", 400);
    const doc = graph()
      .start()
      .node({ id: "call", kind: "http", config: { url: `${sink.url}/slow` } })
      .end("end", "$.steps.call.output.status")
      .chain("start", "call", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    const deadline = Date.now() + 5000;
    while (!sink.requests.some((r) => r.key?.startsWith(run.id))) {
      if (Date.now() > deadline) throw new Error("call never started");
      await new Promise((r) => setTimeout(r, 10));
    }
    await h.worker.stop({ graceMs: 50 });
    const parked = await h.store.getRun(run.id);
    expect(parked!.leaseOwner).toBeNull();
    expect(parked!.readyAtMs).not.toBeNull();
    expect(parked!.readyAtMs!).toBeLessThanOrEqual(Date.now() + 5);
    const next = new Worker({ store: h.store, notifier: h.notifier, pollMs: 50, httpAllowList: ["127.0.0.1"], log: () => undefined });
    await next.start({ register: false });
    try {
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    } finally {
      await next.stop();
    }
    const keys = sink.requests.filter((r) => r.key?.startsWith(run.id)).map((r) => r.key);
    expect(keys).toEqual([`${run.id}:call:1`, `${run.id}:call:1`]);
  });

  // Only this database has it; the other dialect's suite does not declare the test (nothing is skipped).
  if (dialect === "sqlite") {
    it("refuses a second live worker process on one SQLite file", async () => {
      await h.store.registerWorker({ id: "other", pid: process.ppid, host: (await import("node:os")).hostname() });
      const w = new Worker({ store: h.store, databaseLabel: "data/switchyard.db", log: () => undefined });
      await expect(w.start()).rejects.toBeInstanceOf(WorkerConflictError);
      await expect(w.start()).rejects.toThrow(
        `Another Switchyard worker (pid ${process.ppid}) is using data/switchyard.db; SQLite supports one worker process — use PostgreSQL for more workers`,
      );
      await h.store.unregisterWorker("other");
    });
  }
});
