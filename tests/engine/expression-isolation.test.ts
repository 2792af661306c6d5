// User expressions must never block the process, and a limit hit that is not the expression's fault
// must never fail a run (issue 13, classes 2 and 3).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createHarness, type Harness } from "./helpers/engine";
import { graph, publish } from "./helpers/graph";
import { spawnWorker } from "./helpers/processes";
import { getRun, startRun } from "@/lib/engine/run-service";

/** Catastrophic backtracking for a backtracking engine: (a+)+$ against "aaa…a!". */
const BACKTRACKING = "$match($.input.s, /(a+)+$/)";
/** Quadratic inside ONE builtin call: no timebox step can interrupt it. */
const QUADRATIC = "$distinct([1..100000])";
/** ~0.2–0.5 s of genuine work in thousands of small steps (under the 1 s budget). */
const BUSY = "$reduce([1..100000], function($a, $b){ $a + $b })";

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))];
}

/** Lateness of a 10 ms interval timer: how long the event loop was unable to answer. */
function healthProbe(): { stop(): number[] } {
  const lateness: number[] = [];
  let last = performance.now();
  const t = setInterval(() => {
    const now = performance.now();
    lateness.push(now - last - 10);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(t);
      return lateness;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The node process behind `tsx scripts/worker.ts` (tsx runs the script in a child process). */
function nodeChildOf(pid: number): number {
  for (let i = 0; i < 10; i++) {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    if (kids.length === 0) return pid;
    pid = kids[0];
  }
  return pid;
}

describeEachDb("expression isolation", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "hostile expressions in 10 runs never stall the event loop; regexes are linear, runaways fail clearly",
    { timeout: 120_000 },
    async () => {
      const doc = (expr: string) => graph().start().transform("t", expr).end("end", "$.steps.t.output").chain("start", "t", "end").build();
      const regex = await publish(h.db.sql, doc(BACKTRACKING));
      const quadratic = await publish(h.db.sql, doc(QUADRATIC));
      const probe = healthProbe();
      const runs: { id: string; hostile: "regex" | "quadratic" }[] = [];
      for (let i = 0; i < 10; i++) {
        const hostile = i % 2 === 0 ? "regex" : "quadratic";
        const { versionId } = hostile === "regex" ? regex : quadratic;
        const run = await startRun(h.deps, { versionId, input: { s: "a".repeat(40) + "!" }, initiatorId: null });
        runs.push({ id: run.id, hostile });
      }
      for (const r of runs) await h.waitFor(r.id, ["succeeded", "failed"], 100_000);
      const lateness = probe.stop();
      expect(lateness.length).toBeGreaterThan(50);
      expect(p95(lateness), `timer lateness p95 (max ${Math.round(Math.max(...lateness))} ms)`).toBeLessThan(100);
      for (const r of runs) {
        const d = await getRun(h.deps, r.id);
        if (r.hostile === "regex") expect(d.run.status).toBe("succeeded");
        else expect(d.run.error).toMatchObject({ code: "expression_timeout", stepKey: "t" });
      }
    },
  );

  it("a worker process paused (SIGSTOP/SIGCONT) during an expression does not fail the run", { timeout: 120_000 }, async () => {
    await h.worker.stop({ graceMs: 1000 });
    const doc = graph().start().transform("t", BUSY).end("end", "$.steps.t.output").chain("start", "t", "end").build();
    const { versionId } = await publish(h.db.sql, doc);
    const w = spawnWorker(h.db.url, { SWITCHYARD_LEASE_MS: "60000" });
    try {
      await w.ready;
      // Warm the worker's expression thread so the paused run evaluates at once after its claim.
      const warm = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
      expect(await h.waitFor(warm.id, ["succeeded", "failed"], 60_000), w.output()).toBe("succeeded");

      const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
      const deadline = Date.now() + 30_000;
      while (!(await h.store.getRun(run.id))?.leaseOwner) {
        if (Date.now() > deadline) throw new Error(`run was never claimed\n${w.output()}`);
        await sleep(2);
      }
      await sleep(100);
      const pid = nodeChildOf(w.child.pid!);
      process.kill(pid, "SIGSTOP");
      await sleep(2500);
      process.kill(pid, "SIGCONT");
      expect(await h.waitFor(run.id, ["succeeded", "failed"], 60_000), JSON.stringify((await getRun(h.deps, run.id)).run.error)).toBe(
        "succeeded",
      );
      expect((await getRun(h.deps, run.id)).run.output).toBe(5_000_050_000);
    } finally {
      await w.stop();
    }
  });
});
