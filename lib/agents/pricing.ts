// Cost of a model call from the provider's configured prices (USD per million tokens).
import type { ModelPrice } from "@/lib/providers/provider-schemas";
import type { TokenUsage } from "@/lib/agents/model-client";

export function priceFor(models: readonly ModelPrice[], model: string): ModelPrice | undefined {
  return models.find((m) => m.id === model);
}

/** USD, rounded to 1e-9 so sums stay stable; 0 when the model has no configured price. */
export function costUsd(models: readonly ModelPrice[], model: string, usage: TokenUsage): number {
  const p = priceFor(models, model);
  if (!p) return 0;
  const raw = (usage.inputTokens * p.inputPerMTok + usage.outputTokens * p.outputPerMTok) / 1_000_000;
  return Math.round(raw * 1e9) / 1e9;
}
