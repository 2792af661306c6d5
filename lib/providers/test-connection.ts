// "Test connection" for a provider: GET {baseURL}/models, and when the endpoint has no models
// route (404/405), a 1-token completion with the provider's default model. Never throws: the
// result says what happened, with the provider's own message on failure (key redacted).
import { NonRetriableError, RetryableError } from "@/lib/engine/errors";
import type { ModelClientFactory } from "@/lib/agents/model-client";
import { openAiModelClientFactory } from "@/lib/agents/openai-model-client";
import type { ConnectionTestResult, ProviderSecretConfig } from "@/lib/providers/provider-schemas";

const TIMEOUT_MS = 15_000;

function failure(method: "models" | "completion", t0: number, e: unknown): ConnectionTestResult {
  return {
    ok: false,
    method,
    latencyMs: Date.now() - t0,
    message: e instanceof Error ? e.message : String(e),
    retryable: e instanceof RetryableError,
  };
}

export async function testProviderConnection(
  provider: ProviderSecretConfig,
  factory: ModelClientFactory = openAiModelClientFactory,
): Promise<ConnectionTestResult> {
  const client = factory(provider);
  const t0 = Date.now();
  try {
    const models = await client.listModels({ timeoutMs: TIMEOUT_MS });
    return { ok: true, method: "models", latencyMs: Date.now() - t0, models: models.slice(0, 200) };
  } catch (e) {
    const noModelsRoute = e instanceof NonRetriableError && (e.errorCode === "model_404" || e.errorCode === "model_405");
    if (!noModelsRoute) return failure("models", t0, e);
  }
  const t1 = Date.now();
  try {
    await client.chat({
      model: provider.defaultModel,
      messages: [{ role: "user", content: "ping" }],
      maxOutputTokens: 1,
      timeoutMs: TIMEOUT_MS,
    });
    return { ok: true, method: "completion", latencyMs: Date.now() - t1, models: [] };
  } catch (e) {
    return failure("completion", t1, e);
  }
}
