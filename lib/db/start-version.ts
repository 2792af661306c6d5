// The one answer to "which version does an automatic trigger start?": the live version of a workflow
// that is not deleted. Until workflows get an explicit live pointer this is the latest published
// version; webhooks (and the schedule and event triggers) call this, then startRun with its id.
import type { SqlQuery } from "./sql";

export async function findStartVersion(q: SqlQuery, workflowId: string): Promise<{ id: string; version: number } | null> {
  const rows = await q.all(
    `SELECT v."id", v."version" FROM "WorkflowVersion" v JOIN "Workflow" w ON w."id"=v."workflowId"
     WHERE v."workflowId"=? AND v."published"=? AND w."deletedAt" IS NULL ORDER BY v."version" DESC LIMIT 1`,
    [workflowId, true],
  );
  return rows[0] ? { id: String(rows[0].id), version: Number(rows[0].version) } : null;
}
