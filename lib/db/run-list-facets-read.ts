// Choices for the runs list's filter bar: workflows with their published versions, and people who
// started runs. Small tables (workflows, versions, users), read once per page render.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";
import type { RunListFacets } from "@/lib/monitoring/run-list-facets";

export async function loadRunListFacets(q: SqlQuery): Promise<RunListFacets> {
  const [wfs, vers, users, outcomes] = await Promise.all([
    q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "Workflow" WHERE "deletedAt" IS NULL ORDER BY "name" LIMIT 1000`),
    q.all<{ id: string; workflowId: string; version: number }>(
      `SELECT "id","workflowId","version" FROM "WorkflowVersion" ORDER BY "workflowId", "version" DESC LIMIT 20000`,
    ),
    q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "User" ORDER BY "name" LIMIT 1000`),
    // DISTINCT over the (outcome, createdAt) index: one probe per distinct outcome
    q.all<{ outcome: string }>(`SELECT DISTINCT "outcome" FROM "Run" WHERE "outcome" IS NOT NULL ORDER BY "outcome" LIMIT 100`),
  ]);
  const byWf = new Map<string, { id: string; version: number }[]>();
  for (const v of vers) {
    const list = byWf.get(v.workflowId) ?? [];
    list.push({ id: v.id, version: Number(v.version) });
    byWf.set(v.workflowId, list);
  }
  return {
    workflows: wfs.map((w) => ({ id: w.id, name: w.name, versions: byWf.get(w.id) ?? [] })),
    initiators: users.map((u) => ({ id: u.id, name: u.name })),
    outcomes: outcomes.map((o) => String(o.outcome)),
  };
}
