// Workflow version graphs as stored JSON text, for readers outside the engine store: an agent run's
// budget (its pinned version) and the child workflows a graph would start (credential checks).
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";

/** The graph text of a version, or null when it does not exist. */
export async function selectVersionGraph(q: SqlQuery, versionId: string): Promise<string | null> {
  const rows = await q.all<{ graph: string }>(`SELECT "graph" FROM "WorkflowVersion" WHERE "id"=?`, [versionId]);
  return rows[0] ? String(rows[0].graph) : null;
}

/** A published version of a workflow: the given number, or the live one (what the engine starts) for "latest". */
export async function selectPublishedGraph(
  q: SqlQuery,
  workflowId: string,
  version: number | "latest",
): Promise<{ id: string; graph: string } | null> {
  const rows =
    version === "latest"
      ? await q.all<{ id: string; graph: string }>(
          `SELECT v."id",v."graph" FROM "Workflow" w JOIN "WorkflowVersion" v ON v."id"=w."liveVersionId" WHERE w."id"=? AND v."published"=?`,
          [workflowId, true],
        )
      : await q.all<{ id: string; graph: string }>(
          `SELECT "id","graph" FROM "WorkflowVersion" WHERE "workflowId"=? AND "version"=? AND "published"=?`,
          [workflowId, version, true],
        );
  return rows[0] ? { id: String(rows[0].id), graph: String(rows[0].graph) } : null;
}
