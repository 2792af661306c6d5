// What the agent benchmarks (agent overhead, first token, evaluations) set up alike: a server secret
// key for the encrypted provider key, a provider pointing at the fake model, and a published
// start → agent → end workflow whose agent config starts from one baseline.
import { randomBytes } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { resetSecretKeyCache } from "@/lib/security/secrets";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { graph, publish } from "@/tests/engine/helpers/graph";

export const BENCH_API_KEY = "sk-bench-key";

/** A random server key for this process unless one is configured. */
export function ensureBenchSecretKey(): void {
  if (process.env.SWITCHYARD_SECRET_KEY || process.env.SWITCHYARD_SECRET_KEY_FILE) return;
  process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString("base64");
  resetSecretKeyCache();
}

/** A provider for the fake model at `baseUrl` (priced, so costs are recorded). */
export async function createBenchProvider(db: SqlDb, baseUrl: string): Promise<{ id: string }> {
  return createProvider(
    db,
    providerCreateSchema.parse({
      name: `bench ${randomBytes(3).toString("hex")}`,
      baseUrl,
      apiKey: BENCH_API_KEY,
      defaultModel: "fake-model",
      models: [{ id: "fake-model", inputPerMTok: 1, outputPerMTok: 2 }],
    }),
    null,
  );
}

/** Publishes start → Agent → end (the answer is the run's output); returns the version id. */
export async function publishAgentWorkflow(db: SqlDb, providerId: string, config: Record<string, unknown>): Promise<string> {
  const doc = graph()
    .start()
    .node({
      id: "agent",
      kind: "agent",
      name: "Agent",
      config: {
        providerId,
        model: "",
        system: "Benchmark agent.",
        user: "Run {{ $.input.i }}",
        tools: [],
        responseSchema: null,
        temperature: null,
        maxOutputTokens: 100,
        maxToolRounds: 1,
        timeoutMs: 30_000,
        confidenceThreshold: 0.5,
        repairAttempts: 0,
        memory: { enabled: false, subjectExpression: "", loadTurns: 0, saveTurns: false },
        ...config,
      },
    })
    .end("done", "$.steps.Agent.output.answer")
    .edge("start", "agent")
    .edge("agent", "done", "ok")
    .build();
  return (await publish(db, doc)).versionId;
}
