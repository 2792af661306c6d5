// Which workflow a run or a version belongs to (null when there is no such row): the lookups behind
// the workflow scope of API keys (lib/api/key-scope).
import "server-only";
import type { SqlDb } from "@/lib/db/sql";

export async function workflowIdOfRun(db: SqlDb, runId: string): Promise<string | null> {
  const rows = await db.all<{ workflowId: string }>(`SELECT "workflowId" FROM "Run" WHERE "id"=?`, [runId]);
  return rows[0] ? String(rows[0].workflowId) : null;
}

export async function workflowIdOfVersion(db: SqlDb, versionId: string): Promise<string | null> {
  const rows = await db.all<{ workflowId: string }>(`SELECT "workflowId" FROM "WorkflowVersion" WHERE "id"=?`, [versionId]);
  return rows[0] ? String(rows[0].workflowId) : null;
}

/** The ids among `ids` that name a workflow that is not deleted. */
export async function existingWorkflowIds(db: SqlDb, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.all<{ id: string }>(
    `SELECT "id" FROM "Workflow" WHERE "deletedAt" IS NULL AND "id" IN (${ids.map(() => "?").join(",")})`,
    [...ids],
  );
  return new Set(rows.map((r) => String(r.id)));
}
