// An engine harness (tests/engine/helpers) whose worker runs inside an AgentRuntime, a fake
// OpenAI-compatible server reached by the real `openai` client, and a provider pointing at it.
import { createHarness, type Harness, type HarnessOptions } from "@/tests/engine/helpers/engine";
import { publish } from "@/tests/engine/helpers/graph";
import type { Dialect } from "@/tests/helpers/test-db";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { startRun } from "@/lib/engine/run-service";
import type { CredentialResolver, RunRecord, StepRecord } from "@/lib/engine/ports";
import { applyTestSecretKey } from "./secret-key";

export const PROVIDER_KEY = "sk-test-provider-key-5f0c9d1e2b3a";
export const MODEL = "fake-model";
/** $1 per million input tokens, $2 per million output tokens. */
export const PRICES = { id: MODEL, inputPerMTok: 1, outputPerMTok: 2 };

export interface AgentHarness extends Harness {
  model: FakeModelServer;
  providerId: string;
  logs: string[];
  publish(doc: unknown, workflowId?: string): Promise<{ workflowId: string; versionId: string }>;
  start(versionId: string, input?: unknown, initiatorId?: string | null): Promise<RunRecord>;
  step(runId: string, stepKey: string): Promise<StepRecord>;
}

export async function createAgentHarness(
  dialect: Dialect,
  extra: Omit<HarnessOptions, "resolveCredential" | "log"> = {},
): Promise<AgentHarness> {
  applyTestSecretKey();
  const model = await startFakeModelServer({ expectApiKey: PROVIDER_KEY, logUnscripted: false });
  const logs: string[] = [];
  const creds: { resolve?: CredentialResolver } = {};
  const h = await createHarness(dialect, {
    agents: {},
    resolveCredential: (id, use) => creds.resolve!(id, use),
    log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`),
    ...extra,
  });
  creds.resolve = createCredentialResolver(h.db.sql);
  const provider = await createProvider(
    h.db.sql,
    providerCreateSchema.parse({ name: "Fake", baseUrl: model.url, apiKey: PROVIDER_KEY, defaultModel: MODEL, models: [PRICES] }),
    null,
  );
  return {
    ...h,
    model,
    providerId: provider.id,
    logs,
    publish: (doc, workflowId) => publish(h.db.sql, doc, workflowId),
    start: (versionId, input = {}, initiatorId = null) => startRun(h.deps, { versionId, input, initiatorId }),
    async step(runId, stepKey) {
      const s = (await h.store.getSteps(runId)).find((x) => x.stepKey === stepKey);
      if (!s) throw new Error(`no step ${stepKey} in run ${runId}`);
      return s;
    },
    async close() {
      await h.close();
      await model.close();
    },
  };
}
