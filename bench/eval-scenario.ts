// An evaluation of 100 dataset rows against the zero-latency fake model: version 1 of Start → Agent →
// End (./agent-bench-setup.ts), each row a test run through the real worker host (agent runtime, evaluation sweeper at the
// default concurrency of 4), graded by an exact match and a JSONata assertion. Measures from the
// start of the evaluation to its finish. Prints one JSON line:
//   {"scenario":"eval","db":"sqlite","rows":100,"seconds":…,"pass_rate":1,"load1":…}
// Target (issue 17): ≤ 10 s. Called by bench/engine.ts.
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import { createWorkerHost } from "@/lib/server/worker-host";
import { getEvaluation } from "@/lib/db/evaluation-store";
import { createDataset } from "@/lib/evaluations/dataset-service";
import { startEvaluation } from "@/lib/evaluations/evaluation-service";
import { startFakeModelServer } from "@/scripts/fake-model/server";
import { BENCH_API_KEY, createBenchProvider, ensureBenchSecretKey, publishAgentWorkflow } from "./agent-bench-setup";

const ROWS = 100;

export async function runEvalScenario(db: Database, dialect: "sqlite" | "postgresql", extra: Record<string, unknown> = {}) {
  ensureBenchSecretKey();
  const model = await startFakeModelServer({ expectApiKey: BENCH_API_KEY, logUnscripted: false });
  const host = createWorkerHost({
    sql: db.sql,
    concurrency: 8,
    leaseMs: 30_000,
    pollMs: 200,
    log: () => undefined,
    inbox: false,
    agents: { streaming: false },
    resolveCredential: null,
    evaluations: { intervalMs: 200 },
  });
  await host.start({ register: false });
  try {
    const userId = randomUUID();
    await db.prisma.user.create({ data: { id: userId, name: "Bench", email: `${userId}@bench.test`, role: "designer" } });
    const provider = await createBenchProvider(db.sql, model.url);
    const versionId = await publishAgentWorkflow(db.sql, provider.id, {});
    const wf = { id: (await host.store.getVersion(versionId))!.workflowId };
    const rows = Array.from({ length: ROWS }, (_, i) => ({ input: { i }, expected: "ok" }));
    const ds = await createDataset(db, wf.id, { source: "rows", name: "bench", rows }, userId);
    model.script(rows.map(() => ({ json: { answer: "ok", rationale: "bench", confidence: 0.9 } })));
    const t0 = performance.now();
    const e = await startEvaluation(
      db,
      wf.id,
      {
        datasetId: ds.id,
        target: 1,
        compareVersion: null,
        graders: [
          { kind: "exact", field: "" },
          { kind: "jsonata", expression: "$.output = $.expected" },
        ],
      },
      { id: userId, role: "designer" },
      "manual",
    );
    host.evaluations?.wake();
    let done = await getEvaluation(db.sql, e.id);
    while (done && done.status !== "finished") {
      if (performance.now() - t0 > 120_000) throw new Error(`evaluation stuck: ${done.doneCount}/${done.rowCount}`);
      await new Promise((r) => setTimeout(r, 20));
      done = await getEvaluation(db.sql, e.id);
    }
    const seconds = (performance.now() - t0) / 1000;
    const result = {
      scenario: "eval",
      db: dialect,
      rows: ROWS,
      seconds: Math.round(seconds * 100) / 100,
      pass_rate: done?.passRate ?? null,
      concurrency: done?.concurrency ?? null,
      ...extra,
      load1: Math.round(os.loadavg()[0] * 100) / 100,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result;
  } finally {
    await host.stop({ graceMs: 1000 });
    await model.close();
  }
}
