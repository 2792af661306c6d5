// The live version of every workflow that is not deleted (the pointer publish or promote/roll back
// sets, the same answer as findStartVersion in ./start-version.ts), for event triggers:
// lib/triggers/event-subscriptions.ts reads their Start node's triggers (cached per version).
//
// The live set's digest lets a publisher that found no trigger on an event's name in the set it read
// last time skip reading it again: the event's own statement checks the digest in SQL (event-store.ts)
// and stores the result as final only when the set is still the same.
import "server-only";
import { createHash } from "node:crypto";
import type { SqlDb, SqlQuery } from "./sql";

export interface LiveVersionRow {
  workflowId: string;
  versionId: string;
}

const LIVE_FROM = `FROM "Workflow" w JOIN "WorkflowVersion" v ON v."id" = w."liveVersionId"
     WHERE w."deletedAt" IS NULL AND v."published"=?`;

export async function listLiveVersions(db: SqlQuery): Promise<LiveVersionRow[]> {
  return db.all<LiveVersionRow>(`SELECT w."id" AS "workflowId", v."id" AS "versionId" ${LIVE_FROM}`, [true]);
}

/** The digest of a live set: md5 of the version ids in code-unit order, comma-separated (as liveDigestSql computes). */
export function liveDigest(rows: LiveVersionRow[]): string {
  return createHash("md5")
    .update(
      rows
        .map((r) => r.versionId)
        .sort()
        .join(","),
    )
    .digest("hex");
}

/** PostgreSQL: a scalar subquery that is true when the live set's digest is still `digest`. */
export function liveDigestIsSql(digest: string): { sql: string; params: [boolean, string] } {
  return {
    sql: `(SELECT md5(COALESCE(string_agg(v."id", ',' ORDER BY v."id" COLLATE "C"), '')) ${LIVE_FROM}) = ?`,
    params: [true, digest],
  };
}

export async function readVersionGraphs(db: SqlDb, versionIds: string[]): Promise<{ id: string; graph: string }[]> {
  if (!versionIds.length) return [];
  return db.all<{ id: string; graph: string }>(
    `SELECT "id","graph" FROM "WorkflowVersion" WHERE "id" IN (${versionIds.map(() => "?").join(",")})`,
    versionIds,
  );
}
