// Crash recovery with REAL processes: a worker is SIGKILLed at a named point, another worker takes
// over. Every run must complete, no step may be committed twice, and the sink must see each effect
// with one stable idempotency key per attempt.
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { spawnWorker } from "./helpers/processes";
import { startRun } from "@/lib/engine/run-service";
import type { CrashPoint } from "@/lib/engine/run-processor";
import { useEngine } from "./helpers/fixture";

const RUNS = 4;
const POINTS: [CrashPoint, number][] = [
  ["after_claim", 1],
  ["after_effect", 2],
  ["before_commit", 3],
  ["after_commit", 4],
];

describeEachDb("crash recovery (real worker processes)", (dialect) => {
  const { h, sink } = useEngine(dialect, { startWorker: false, sink: true });

  for (const [point, n] of POINTS) {
    it(`recovers from a SIGKILL at ${point} (#${n})`, { timeout: 60_000 }, async () => {
      sink.requests.length = 0;
      const retry = { maxAttempts: 3, initialIntervalMs: 10, jitter: 0 };
      const doc = graph()
        .start()
        .node({ id: "a", kind: "http", config: { method: "POST", url: `${sink.url}/a`, body: "$.input" }, retry })
        .transform("t", "$.steps.a.output.status")
        .node({ id: "b", kind: "http", config: { url: `${sink.url}/b` }, retry })
        .node({ id: "c", kind: "http", config: { url: `${sink.url}/c` }, retry })
        .node({ id: "j", kind: "join", config: { mode: "all" } })
        .end("end", "$.steps.t.output")
        .edge("start", "a")
        .edge("a", "t")
        .edge("t", "b")
        .edge("t", "c")
        .edge("b", "j")
        .edge("c", "j")
        .edge("j", "end")
        .build();
      const { versionId } = await publish(h.db.sql, doc);
      const runIds: string[] = [];
      for (let i = 0; i < RUNS; i++) runIds.push((await startRun(h.deps, { versionId, input: { i }, initiatorId: null })).id);

      const crashing = spawnWorker(h.db.url, { SWITCHYARD_CRASH_AT: point, SWITCHYARD_CRASH_AFTER_N: String(n) });
      const first = await crashing.exited;
      // tsx relays the child's SIGKILL as its own exit (signal or code 137)
      expect(first.signal === "SIGKILL" || first.code === 137, crashing.output()).toBe(true);
      expect(crashing.output()).toContain(`crashing at ${point}`);

      const healthy = spawnWorker(h.db.url);
      try {
        const deadline = Date.now() + 40_000;
        for (;;) {
          const rows = await h.db.sql.all<{ status: string }>(`SELECT "status" FROM "Run" WHERE "versionId"=?`, [versionId]);
          if (rows.every((r) => r.status === "succeeded")) break;
          if (rows.some((r) => r.status === "failed") || Date.now() > deadline) {
            throw new Error(`runs: ${rows.map((r) => r.status).join(",")}\n${healthy.output()}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await healthy.stop();
      }

      for (const runId of runIds) {
        const steps = await h.store.getSteps(runId);
        expect(steps.map((s) => s.stepKey).sort()).toEqual(["a", "b", "c", "end", "j", "start", "t"]);
        expect(steps.every((s) => s.status === "succeeded")).toBe(true);
        const succeeded = (await h.store.getEvents(runId)).filter((e) => e.type === "step.succeeded").map((e) => e.stepKey);
        expect(succeeded.sort(), `each step commits exactly once in ${runId}`).toEqual(["a", "b", "c", "end", "j", "start", "t"]);
        for (const key of ["a", "b", "c"]) {
          const seen = sink.requests.filter((r) => r.key?.startsWith(`${runId}:${key}:`));
          expect(seen.length, `${runId}/${key} called`).toBeGreaterThanOrEqual(1);
          const step = steps.find((s) => s.stepKey === key)!;
          // one stable key per attempt: every delivery of attempt k carries `${runId}:${key}:${k}`
          for (const r of seen) expect(r.key).toMatch(new RegExp(`^${runId}:${key}:[1-${step.attempt}]$`));
          expect(new Set(seen.map((r) => r.key)).size).toBeLessThanOrEqual(step.attempt);
        }
      }
      if (point === "after_effect") {
        // the interrupted call was sent again with the SAME key, so the remote side can deduplicate it
        const keys = sink.requests.map((r) => r.key);
        expect(keys.some((k, i) => keys.indexOf(k) !== i)).toBe(true);
        const ev = (await Promise.all(runIds.map((id) => h.store.getEvents(id)))).flat();
        expect(ev.some((e) => e.type === "step.retrying" && (e.data as { code?: string }).code === "interrupted")).toBe(true);
      }
    });
  }

  it("parks a non-idempotent step caught mid-flight as a recovery task", { timeout: 60_000 }, async () => {
    sink.requests.length = 0;
    const doc = graph()
      .start()
      .node({ id: "pay", kind: "http", config: { method: "POST", url: `${sink.url}/pay` }, nonIdempotent: true })
      .end("end", "$.steps.pay.output.status")
      .chain("start", "pay", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    const crashing = spawnWorker(h.db.url, { SWITCHYARD_CRASH_AT: "after_effect" });
    await crashing.exited;
    const healthy = spawnWorker(h.db.url);
    try {
      const deadline = Date.now() + 20_000;
      while ((await h.store.getTasks(run.id)).length === 0) {
        if (Date.now() > deadline) throw new Error(healthy.output());
        await new Promise((r) => setTimeout(r, 100));
      }
      const [task] = await h.store.getTasks(run.id);
      expect(task.type).toBe("recovery");
      const step = (await h.store.getSteps(run.id)).find((s) => s.stepKey === "pay")!;
      expect(step.status).toBe("waiting");
      expect(step.error).toMatchObject({ code: "interrupted" });
      expect(sink.requests).toHaveLength(1);
      const { decideTask } = await import("@/lib/engine/run-service");
      await decideTask(h.deps, { taskId: task.id, userId: "admin", userRoles: ["admin"], decision: "approve" });
      const until = Date.now() + 20_000;
      while ((await h.store.getRun(run.id))!.status !== "succeeded") {
        if (Date.now() > until) throw new Error(healthy.output());
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sink.requests.map((r) => r.key)).toEqual([`${run.id}:pay:1`, `${run.id}:pay:2`]);
    } finally {
      await healthy.stop();
    }
  });
});
