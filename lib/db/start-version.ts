// The one answer to "which version does a run started by workflowId use?": the workflow's live
// version (the pointer publish or promote/roll back sets), while the workflow is not deleted.
// Webhooks, schedules and events call this, then startRun with its id; startRun({ workflowId }),
// reruns on "latest" and sub-workflow calls to "latest" reach it through the engine store.
import "server-only";
import type { SqlQuery } from "./sql";

export async function findStartVersion(q: SqlQuery, workflowId: string): Promise<{ id: string; version: number } | null> {
  const rows = await q.all(
    `SELECT v."id", v."version" FROM "Workflow" w JOIN "WorkflowVersion" v ON v."id"=w."liveVersionId"
     WHERE w."id"=? AND w."deletedAt" IS NULL AND v."published"=?`,
    [workflowId, true],
  );
  return rows[0] ? { id: String(rows[0].id), version: Number(rows[0].version) } : null;
}
