// SIGKILL between receipt and resume loses nothing: the event (or callback) commits with its signal,
// a real worker process claims the woken run and is killed before it commits the resume, and the next
// worker resumes the step with the delivered data, once.
import { expect, it } from "vitest";
import { startRun } from "@/lib/engine/run-service";
import type { CrashPoint } from "@/lib/engine/run-processor";
import { receiveCallback } from "@/lib/triggers/callback-service";
import { publishEvent, publishEventBody } from "@/lib/triggers/event-publish";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { publish } from "@/tests/engine/helpers/graph";
import { spawnWorker } from "@/tests/engine/helpers/processes";
import { untilWaiting, waitCallbackGraph, waitEventGraph } from "./helpers/wait-graphs";

const POINTS: CrashPoint[] = ["after_claim", "before_commit"];

describeEachDb("events and callbacks survive a worker SIGKILL between receipt and resume", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });

  async function parkWith(versionId: string, kind: string, runIds: string[]): Promise<void> {
    const parker = spawnWorker(h.db.url);
    try {
      await untilWaiting(h.db.sql, versionId, kind, runIds.length, 40_000);
      for (const id of runIds) await h.waitFor(id, ["waiting"], 20_000);
    } finally {
      await parker.stop();
    }
  }

  async function crashThenRecover(point: CrashPoint, runIds: string[]): Promise<void> {
    const crashing = spawnWorker(h.db.url, { SWITCHYARD_CRASH_AT: point });
    const first = await crashing.exited;
    expect(first.signal === "SIGKILL" || first.code === 137, crashing.output()).toBe(true);
    expect(crashing.output()).toContain(`crashing at ${point}`);
    const healthy = spawnWorker(h.db.url);
    try {
      for (const id of runIds) await h.waitFor(id, ["succeeded"], 40_000);
    } finally {
      await healthy.stop();
    }
  }

  for (const point of POINTS) {
    it(`an event resumes its step after a SIGKILL at ${point}`, { timeout: 90_000 }, async () => {
      const { versionId } = await publish(h.db.sql, waitEventGraph({ event: `crash.${point}` }));
      const runIds: string[] = [];
      for (let i = 0; i < 3; i++) runIds.push((await startRun(h.deps, { versionId, input: { orderId: `c${i}` }, initiatorId: null })).id);
      await parkWith(versionId, "wait_event", runIds);

      for (let i = 0; i < 3; i++) {
        const r = await publishEvent(
          { db: h.db.sql, engine: h.deps },
          publishEventBody.parse({ name: `crash.${point}`, key: `c${i}`, data: { i } }),
          { userId: "u", role: "designer" },
        );
        expect(r.resumed).toHaveLength(1);
      }
      await crashThenRecover(point, runIds);
      for (let i = 0; i < 3; i++) {
        expect((await h.store.getRun(runIds[i]))!.output).toEqual({ paid: { i } });
        const succeeded = (await h.store.getEvents(runIds[i])).filter((e) => e.type === "step.succeeded" && e.stepKey === "wait");
        expect(succeeded, "the wait step commits exactly once").toHaveLength(1);
      }
    });
  }

  it("a callback resumes its step after a SIGKILL at before_commit", { timeout: 90_000 }, async () => {
    const { versionId } = await publish(h.db.sql, waitCallbackGraph({ timeoutMs: 3_600_000 }));
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await parkWith(versionId, "wait_callback", [run.id]);
    const step = (await h.store.getSteps(run.id)).find((s) => s.stepKey === "cb")!;
    const token = String((step.input as { callbackPath: string }).callbackPath.split("/").pop());
    await receiveCallback({ db: h.db.sql, store: h.store }, token, new Request("http://x/cb", { method: "POST", body: '{"ok":true}' }));
    await crashThenRecover("before_commit", [run.id]);
    expect((await h.store.getRun(run.id))!.output).toEqual({ body: { ok: true } });
  });
});
