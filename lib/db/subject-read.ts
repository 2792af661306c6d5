// Runs of a data subject (by its keyed hashes), newest first: what an admin sees before an erasure.
import "server-only";
import type { SqlQuery } from "./sql";

export interface SubjectRunRow {
  id: string;
  workflowId: string;
  workflowName: string;
  status: string;
  createdAt: string;
  finishedAtMs: number | null;
  erasedAtMs: number | null;
  legalHold: boolean;
}

export async function selectSubjectRuns(q: SqlQuery, hashes: string[], limit: number): Promise<SubjectRunRow[]> {
  if (!hashes.length) return [];
  const rows = await q.all<Record<string, unknown>>(
    `SELECT r."id", r."workflowId", w."name" AS "workflowName", r."status", r."createdAt", r."finishedAtMs", r."erasedAtMs", r."legalHold"
     FROM "Run" r LEFT JOIN "Workflow" w ON w."id" = r."workflowId"
     WHERE r."subjectHash" IN (${hashes.map(() => "?").join(",")}) ORDER BY r."createdAt" DESC, r."id" LIMIT ?`,
    [...hashes, limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    workflowId: String(r.workflowId),
    workflowName: String(r.workflowName ?? ""),
    status: String(r.status),
    createdAt: r.createdAt instanceof Date ? r.createdAt.toISOString() : String(r.createdAt),
    finishedAtMs: r.finishedAtMs === null || r.finishedAtMs === undefined ? null : Number(r.finishedAtMs),
    erasedAtMs: r.erasedAtMs === null || r.erasedAtMs === undefined ? null : Number(r.erasedAtMs),
    legalHold: Boolean(r.legalHold),
  }));
}

/** A run's input and its version's graph (JSON text), for personal-data masking; null when unknown. */
export async function selectRunInputAndGraph(q: SqlQuery, runId: string): Promise<{ input: string; graph: string } | null> {
  const rows = await q.all<{ input: string; graph: string }>(
    `SELECT r."input", v."graph" FROM "Run" r JOIN "WorkflowVersion" v ON v."id" = r."versionId" WHERE r."id"=?`,
    [runId],
  );
  return rows[0] ? { input: String(rows[0].input), graph: String(rows[0].graph) } : null;
}

/** The run of a task (masking a task answer). */
export async function selectTaskRunId(q: SqlQuery, taskId: string): Promise<string | null> {
  const rows = await q.all<{ runId: string }>(`SELECT "runId" FROM "Task" WHERE "id"=?`, [taskId]);
  return rows[0] ? String(rows[0].runId) : null;
}
