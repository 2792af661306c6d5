// Choices for the runs list's filter bar: workflows with their published versions, people who
// started runs, and the outcomes runs came to. Small tables (workflows, versions, users) and one
// index probe per distinct outcome, read once per page render: nothing here grows with the runs.
import "server-only";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import type { RunListFacets } from "@/lib/monitoring/run-list-facets";

/**
 * The distinct outcomes by a loose index scan of (outcome, createdAt): one probe per outcome, each the
 * next value after the last (a plain DISTINCT reads every run's entry on PostgreSQL, which has no skip
 * scan). PostgreSQL's estimate for the recursion is far above its real cost (a few probes) and crosses
 * the JIT threshold, whose compilation then costs hundreds of ms for a sub-millisecond query: off for
 * this one statement.
 */
async function distinctOutcomes(db: SqlQuery & Pick<SqlDb, "dialect" | "tx">): Promise<{ outcome: string }[]> {
  const sql = `WITH RECURSIVE o("outcome") AS (
      SELECT MIN("outcome") FROM "Run" WHERE "outcome" IS NOT NULL
      UNION ALL
      SELECT (SELECT MIN(r."outcome") FROM "Run" r WHERE r."outcome" > o."outcome") FROM o WHERE o."outcome" IS NOT NULL
    ) SELECT "outcome" FROM o WHERE "outcome" IS NOT NULL LIMIT 100`;
  if (db.dialect !== "postgresql") return db.all<{ outcome: string }>(sql);
  return db.tx(async (q) => {
    await q.run(`SET LOCAL jit = off`);
    return q.all<{ outcome: string }>(sql);
  });
}

export async function loadRunListFacets(q: SqlQuery & Pick<SqlDb, "dialect" | "tx">): Promise<RunListFacets> {
  const [wfs, vers, users, outcomes] = await Promise.all([
    q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "Workflow" WHERE "deletedAt" IS NULL ORDER BY "name" LIMIT 1000`),
    q.all<{ id: string; workflowId: string; version: number }>(
      `SELECT "id","workflowId","version" FROM "WorkflowVersion" ORDER BY "workflowId", "version" DESC LIMIT 20000`,
    ),
    q.all<{ id: string; name: string }>(`SELECT "id","name" FROM "User" ORDER BY "name" LIMIT 1000`),
    distinctOutcomes(q),
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
