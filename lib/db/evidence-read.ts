// What an evidence pack reads beyond the engine store: the run's workflow and version, its model
// calls and task comments, its audit records, and the chain links from its first record to the head.
import "server-only";
import { HISTORY } from "./history-archive-store";
import type { AuditRow } from "./audit-store";
import type { SqlQuery } from "./sql";

export async function selectEvidenceVersion(
  q: SqlQuery,
  versionId: string,
): Promise<{
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  graph: string;
  createdAt: string;
  authorId: string | null;
} | null> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT v."id", v."workflowId", w."name" AS "workflowName", v."version", v."graph", v."createdAt", v."authorId"
     FROM "WorkflowVersion" v LEFT JOIN "Workflow" w ON w."id" = v."workflowId" WHERE v."id"=?`,
    [versionId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id),
    workflowId: String(r.workflowId),
    workflowName: String(r.workflowName ?? ""),
    version: Number(r.version),
    graph: String(r.graph),
    createdAt: r.createdAt instanceof Date ? r.createdAt.toISOString() : String(r.createdAt),
    authorId: (r.authorId as string | null) ?? null,
  };
}

export async function selectEvidenceModelCalls(q: SqlQuery, runId: string): Promise<Record<string, unknown>[]> {
  return q.all(
    `SELECT "stepKey","seq","providerId","model","request","response","error","inputTokens","outputTokens","costUsd","latencyMs","atMs"
     FROM ${HISTORY.ModelCall} WHERE "runId"=? ORDER BY "atMs","stepKey","seq"`,
    [runId],
  );
}

export async function selectEvidenceComments(q: SqlQuery, taskIds: string[]): Promise<Record<string, unknown>[]> {
  if (!taskIds.length) return [];
  return q.all(
    `SELECT "id","taskId","userId","kind","body","atMs" FROM "TaskComment" WHERE "taskId" IN (${taskIds.map(() => "?").join(",")}) ORDER BY "atMs"`,
    taskIds,
  );
}

const AUDIT_COLS = `"id","atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash"`;

/** Audit records about the run or its tasks, oldest first. */
export async function selectEvidenceAudit(q: SqlQuery, runId: string, taskIds: string[]): Promise<AuditRow[]> {
  const ids = [runId, ...taskIds];
  return q.all<AuditRow>(`SELECT ${AUDIT_COLS} FROM "AuditEvent" WHERE "targetId" IN (${ids.map(() => "?").join(",")}) ORDER BY "id"`, ids);
}

/** [id, prevHash, hash] of every audit row from `fromId` on (at most `limit`), and the head. */
export async function selectChainLinks(
  q: SqlQuery,
  fromId: number,
  limit: number,
  /** The last link to include (a checkpoint's row); null: up to the head. */
  toId: number | null = null,
): Promise<{ links: [number, string, string][]; head: { id: number; hash: string } | null }> {
  // no sentinel upper bound: PostgreSQL's "id" is an int4 and refuses Number.MAX_SAFE_INTEGER
  const rows = await q.all<{ id: number; prevHash: string; hash: string }>(
    toId === null
      ? `SELECT "id","prevHash","hash" FROM "AuditEvent" WHERE "id" >= ? ORDER BY "id" LIMIT ?`
      : `SELECT "id","prevHash","hash" FROM "AuditEvent" WHERE "id" >= ? AND "id" <= ? ORDER BY "id" LIMIT ?`,
    toId === null ? [fromId, limit] : [fromId, toId, limit],
  );
  const headRows = await q.all<{ id: number; hash: string }>(`SELECT "id","hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`);
  return {
    links: rows.map((r) => [Number(r.id), String(r.prevHash), String(r.hash)]),
    head: headRows[0] ? { id: Number(headRows[0].id), hash: String(headRows[0].hash) } : null,
  };
}
