// What a run has spent so far (Run.tokens / Run.costUsd, kept by the sub-step store as model calls
// are recorded), read before every model call by the agent budget check.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";

export async function selectRunSpend(q: SqlQuery, runId: string): Promise<{ tokens: number; costUsd: number }> {
  const rows = await q.all<{ tokens: number; costUsd: number }>(`SELECT "tokens","costUsd" FROM "Run" WHERE "id"=?`, [runId]);
  return { tokens: Number(rows[0]?.tokens ?? 0), costUsd: Number(rows[0]?.costUsd ?? 0) };
}
