// The worker lets queued requests go first (foregroundBusy, as the embedded worker of scripts/serve.mjs
// uses it): while requests queue it claims no new run, claims as soon as they are answered, and never
// waits longer than maxYieldMs, so background work is delayed, never starved.
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startRun } from "@/lib/engine/run-service";
import type { Harness } from "./helpers/engine";
import { graph, publish } from "./helpers/graph";
import { useEngine } from "./helpers/fixture";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startOne(h: Harness): Promise<string> {
  const { versionId } = await publish(h.db.sql, graph().start().end("end", "'done'").edge("start", "end").build());
  return (await startRun(h.deps, { versionId, input: {}, initiatorId: null })).id;
}

describeEachDb("the worker yields to queued requests", (dialect) => {
  // Busy from the worker's start: its first claim pass (begun while the harness starts) must not be
  // in flight when the run is inserted, or a slow database could let that pass see the run.
  let busy = true;
  // A slow poll and a yield limit far beyond the test's waits: only the requests being answered can
  // explain a claim.
  const { h } = useEngine(dialect, { pollMs: 60_000, foregroundBusy: () => busy, maxYieldMs: 60_000 });

  it("claims nothing while requests queue, and the run goes on once they are answered", async () => {
    try {
      const id = await startOne(h);
      await sleep(300);
      expect((await h.store.getRun(id))?.status).toBe("queued");
      busy = false;
      await h.waitFor(id, ["succeeded"], 10_000);
    } finally {
      busy = false;
    }
  });

  it("does not wait when no requests queue", async () => {
    const id = await startOne(h);
    await h.waitFor(id, ["succeeded"], 10_000);
  });
});

describeEachDb("the worker's yield is bounded", (dialect) => {
  const { h } = useEngine(dialect, { pollMs: 60_000, foregroundBusy: () => true, maxYieldMs: 400 });

  it("claims after maxYieldMs however long requests keep queueing", async () => {
    const t0 = Date.now();
    const id = await startOne(h);
    await h.waitFor(id, ["succeeded"], 10_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
  });
});
