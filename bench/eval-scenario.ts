// An evaluation of 100 dataset rows against the zero-latency fake model: a workflow Start → Agent →
// End, each row a test run through the real worker host (agent runtime, evaluation sweeper at the
// default concurrency of 4), graded by an exact match and a JSONata assertion. Measures from the
// start of the evaluation to its finish. Prints one JSON line:
//   {"scenario":"eval","db":"sqlite","rows":100,"seconds":…,"pass_rate":1,"load1":…}
// Target (issue 17): ≤ 10 s. Called by bench/engine.ts.
import os from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import { resetSecretKeyCache } from "@/lib/security/secrets";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { createWorkerHost } from "@/lib/server/worker-host";
import { getEvaluation } from "@/lib/db/evaluation-store";
import { createDataset } from "@/lib/evaluations/dataset-service";
import { startEvaluation } from "@/lib/evaluations/evaluation-service";
import { createWorkflow } from "@/lib/workflows/workflow-service";
import { startFakeModelServer } from "@/scripts/fake-model/server";

const ROWS = 100;
const KEY = "sk-bench-eval";

export async function runEvalScenario(db: Database, dialect: "sqlite" | "postgresql", extra: Record<string, unknown> = {}) {
  if (!process.env.SWITCHYARD_SECRET_KEY && !process.env.SWITCHYARD_SECRET_KEY_FILE) {
    process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString("base64");
    resetSecretKeyCache();
  }
  const model = await startFakeModelServer({ expectApiKey: KEY, logUnscripted: false });
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
    const provider = await createProvider(
      db.sql,
      providerCreateSchema.parse({
        name: `bench ${randomBytes(3).toString("hex")}`,
        baseUrl: model.url,
        apiKey: KEY,
        defaultModel: "fake-model",
      }),
      null,
    );
    const agent = {
      providerId: provider.id,
      model: "",
      system: "Benchmark agent.",
      user: "Classify {{ $.input.i }}",
      tools: [],
      responseSchema: null,
      temperature: null,
      maxOutputTokens: 100,
      maxToolRounds: 1,
      timeoutMs: 30_000,
      confidenceThreshold: 0.5,
      repairAttempts: 0,
      memory: { enabled: false, subjectExpression: "", loadTurns: 0, saveTurns: false },
    };
    const graph = {
      schemaVersion: 1 as const,
      nodes: [
        {
          id: "start",
          kind: "start" as const,
          name: "Start",
          position: { x: 0, y: 0 },
          config: { inputSchema: { type: "object", properties: {} } },
        },
        { id: "agent", kind: "agent" as const, name: "Agent", position: { x: 320, y: 0 }, config: agent },
        {
          id: "end",
          kind: "end" as const,
          name: "End",
          position: { x: 640, y: 0 },
          config: { output: "{ 'label': $.steps.Agent.output.answer }" },
        },
      ],
      edges: [
        { id: "a", source: "start", sourceHandle: "out", target: "agent", targetHandle: "in" },
        { id: "b", source: "agent", sourceHandle: "ok", target: "end", targetHandle: "in" },
      ],
    };
    const wf = await createWorkflow(db, { name: "Eval bench", description: "", graph }, userId);
    const rows = Array.from({ length: ROWS }, (_, i) => ({ input: { i }, expected: { label: "ok" } }));
    const ds = await createDataset(db, wf.id, { source: "rows", name: "bench", rows }, userId);
    model.script(rows.map(() => ({ json: { answer: "ok", rationale: "bench", confidence: 0.9 } })));
    const t0 = performance.now();
    const e = await startEvaluation(
      db,
      wf.id,
      {
        datasetId: ds.id,
        target: "draft",
        compareVersion: null,
        graders: [
          { kind: "exact", field: "label" },
          { kind: "jsonata", expression: "$.output.label = $.expected.label" },
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
