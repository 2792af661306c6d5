// The run budget (workflow graph settings: budget.maxTokens / budget.maxCostUsd, pinned with the
// version the run started on) against what the run already spent (Run.tokens / Run.costUsd, kept
// by the sub-step store as model calls are recorded). Checked before every model call with a
// worst-case estimate of that call: prompt ≈ characters / 4, completion = the node's max output tokens.
import { selectRunSpend } from "@/lib/db/agent-budget-read";
import type { SqlDb } from "@/lib/db/sql";
import { selectVersionGraph } from "@/lib/db/version-graph-read";
import { graphSettingsSchema } from "@/lib/model/graph-schema";
import { LruCache } from "@/lib/model/lru-cache";
import type { ChatMessage } from "@/lib/agents/model-client";
import type { ModelPrice } from "@/lib/providers/provider-schemas";
import { costUsd } from "@/lib/agents/pricing";

export interface RunBudget {
  maxTokens?: number;
  maxCostUsd?: number;
}

export interface BudgetExceeded {
  kind: "tokens" | "cost";
  spent: number;
  estimate: number;
  limit: number;
}

const cache = new LruCache<string, RunBudget | null>(500);

/** The budget of a workflow version (immutable, so cached), null when none is set. */
export async function budgetForVersion(db: SqlDb, versionId: string): Promise<RunBudget | null> {
  const hit = cache.get(versionId);
  if (hit !== undefined) return hit;
  const graph = await selectVersionGraph(db, versionId);
  let budget: RunBudget | null = null;
  try {
    const settings = graphSettingsSchema.safeParse((JSON.parse(graph ?? "{}") as { settings?: unknown }).settings ?? {});
    const b = settings.success ? settings.data.budget : undefined;
    if (b && (b.maxTokens !== undefined || b.maxCostUsd !== undefined)) budget = b;
  } catch {
    budget = null;
  }
  cache.set(versionId, budget);
  return budget;
}

export function estimateTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) {
    chars += (m.content ?? "").length + 16;
    if (m.role === "assistant") for (const t of m.toolCalls ?? []) chars += t.name.length + t.arguments.length;
  }
  return Math.ceil(chars / 4);
}

export async function checkBudget(
  db: SqlDb,
  runId: string,
  budget: RunBudget,
  next: { messages: readonly ChatMessage[]; maxOutputTokens: number; model: string; prices: readonly ModelPrice[] },
): Promise<BudgetExceeded | null> {
  const { tokens: spentTokens, costUsd: spentCost } = await selectRunSpend(db, runId);
  const inputTokens = estimateTokens(next.messages);
  const tokens = inputTokens + next.maxOutputTokens;
  if (budget.maxTokens !== undefined && spentTokens + tokens > budget.maxTokens) {
    return { kind: "tokens", spent: spentTokens, estimate: tokens, limit: budget.maxTokens };
  }
  const cost = costUsd(next.prices, next.model, { inputTokens, outputTokens: next.maxOutputTokens });
  if (budget.maxCostUsd !== undefined && spentCost + cost > budget.maxCostUsd) {
    return { kind: "cost", spent: spentCost, estimate: cost, limit: budget.maxCostUsd };
  }
  return null;
}
