// The live version of every workflow that is not deleted (the latest published version), for event
// triggers: lib/triggers/event-subscriptions.ts reads their Start node's triggers (cached per version).
import type { SqlDb } from "./sql";

export interface LiveVersionRow {
  workflowId: string;
  versionId: string;
}

export async function listLiveVersions(db: SqlDb): Promise<LiveVersionRow[]> {
  return db.all<LiveVersionRow>(
    `SELECT v."workflowId" AS "workflowId", v."id" AS "versionId" FROM "WorkflowVersion" v
     JOIN "Workflow" w ON w."id" = v."workflowId"
     WHERE w."deletedAt" IS NULL AND v."published"=?
       AND v."version" = (SELECT MAX(v2."version") FROM "WorkflowVersion" v2 WHERE v2."workflowId" = v."workflowId" AND v2."published"=?)`,
    [true, true],
  );
}

export async function readVersionGraphs(db: SqlDb, versionIds: string[]): Promise<{ id: string; graph: string }[]> {
  if (!versionIds.length) return [];
  return db.all<{ id: string; graph: string }>(
    `SELECT "id","graph" FROM "WorkflowVersion" WHERE "id" IN (${versionIds.map(() => "?").join(",")})`,
    versionIds,
  );
}
