// The live version of every workflow that is not deleted (the pointer publish or promote/roll back
// sets, the same answer as findStartVersion in ./start-version.ts), for event triggers:
// lib/triggers/event-subscriptions.ts reads their Start node's triggers (cached per version).
import "server-only";
import type { SqlDb } from "./sql";

export interface LiveVersionRow {
  workflowId: string;
  versionId: string;
}

export async function listLiveVersions(db: SqlDb): Promise<LiveVersionRow[]> {
  return db.all<LiveVersionRow>(
    `SELECT w."id" AS "workflowId", v."id" AS "versionId" FROM "Workflow" w
     JOIN "WorkflowVersion" v ON v."id" = w."liveVersionId"
     WHERE w."deletedAt" IS NULL AND v."published"=?`,
    [true],
  );
}

export async function readVersionGraphs(db: SqlDb, versionIds: string[]): Promise<{ id: string; graph: string }[]> {
  if (!versionIds.length) return [];
  return db.all<{ id: string; graph: string }>(
    `SELECT "id","graph" FROM "WorkflowVersion" WHERE "id" IN (${versionIds.map(() => "?").join(",")})`,
    versionIds,
  );
}
