// The evaluation sweeper idles on a signal, not a fast poll: with a one-minute safety poll an
// evaluation still starts at once, woken by the engine's in-process notifier (what the start route
// calls) on both databases, and on PostgreSQL by the NOTIFY its start commits (another process's
// start: the sweeper here has no notifier at all, only the store's shared LISTEN).
import { afterEach, expect, it } from "vitest";
import { createDataset } from "@/lib/evaluations/dataset-service";
import { startEvaluation } from "@/lib/evaluations/evaluation-service";
import { EvaluationSweeper } from "@/lib/evaluations/evaluation-sweeper";
import { getEvaluation } from "@/lib/db/evaluation-store";
import { describeEachDb, describePostgres } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import type { Harness } from "@/tests/engine/helpers/engine";
import type { EngineDeps } from "@/lib/engine/run-service";
import { designer, SUM, sumWorkflow } from "./helpers";

const SAFETY_POLL_MS = 60_000;
/** Far below the safety poll: only a signal can start it this soon (generous for a loaded machine). */
const PROMPT_MS = 5_000;

let sweepers: EvaluationSweeper[] = [];
afterEach(async () => {
  await Promise.all(sweepers.map((s) => s.stop()));
  sweepers = [];
});

async function idleSweeper(h: Harness, engine: EngineDeps): Promise<EvaluationSweeper> {
  const s = new EvaluationSweeper({ db: h.db.sql, engine, intervalMs: SAFETY_POLL_MS });
  sweepers.push(s);
  s.start();
  // let its first pass (at start) end, so what follows is the idle wait
  await new Promise((r) => setTimeout(r, 200));
  return s;
}

async function startOne(h: Harness): Promise<string> {
  const wf = await sumWorkflow(h, SUM);
  const ds = await createDataset(
    h.db,
    wf,
    { source: "rows", name: "one", rows: [{ input: { a: 1, b: 2 }, expected: { sum: 3 } }] },
    designer.id,
  );
  const e = await startEvaluation(
    h.db,
    wf,
    { datasetId: ds.id, target: "draft", compareVersion: null, graders: [{ kind: "exact", field: "sum" }] },
    designer,
    "manual",
  );
  return e.id;
}

async function msUntilFinished(h: Harness, id: string, since: number): Promise<number> {
  for (;;) {
    const e = (await getEvaluation(h.db.sql, id))!;
    if (e.status === "finished") return Date.now() - since;
    if (Date.now() - since > PROMPT_MS) throw new Error(`evaluation ${id} is still ${e.status} after ${PROMPT_MS} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeEachDb("evaluation sweeper wake-up", (dialect) => {
  const { h } = useEngine(dialect);

  it("an evaluation started in this process runs at once, with a one-minute safety poll", async () => {
    await idleSweeper(h, h.deps);
    const t0 = Date.now();
    const id = await startOne(h);
    h.notifier.notify(); // what POST /evaluations does after the start
    expect(await msUntilFinished(h, id, t0)).toBeLessThan(PROMPT_MS);
  });
});

describePostgres("evaluation sweeper wake-up across processes", () => {
  const { h } = useEngine("postgresql");

  it("a start's NOTIFY wakes a sweeper that has only LISTEN (one connection shared with the worker)", async () => {
    await idleSweeper(h, { store: h.store }); // no notifier: only the database can wake it
    const t0 = Date.now();
    const id = await startOne(h);
    expect(await msUntilFinished(h, id, t0)).toBeLessThan(PROMPT_MS);
  });
});
