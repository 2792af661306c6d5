// Read model for the workflows list: name, last edit, published version, last run status, and what
// its runs cost (model tokens and USD, rolled up on each run) in the last 30 days and in total.
import type { RunStatus } from "@/lib/model/vocabulary";
import "server-only";
import type { SqlDb } from "./sql";
import { readTimestamp, sqlTimestamp } from "./row-codec";

export const COST_WINDOW_DAYS = 30;

export interface WorkflowUsage {
  runs: number;
  tokens: number;
  costUsd: number;
}

export interface WorkflowListItem {
  id: string;
  name: string;
  description: string;
  updatedAt: string;
  publishedVersion: number | null;
  lastRunStatus: RunStatus | null;
  lastRunAt: string | null;
  /** Runs created in the last COST_WINDOW_DAYS days. */
  usage30d: WorkflowUsage;
  usageTotal: WorkflowUsage;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const inList = (n: number) => `(${Array(n).fill("?").join(",")})`;

/** Sums over the Run rows of these workflows (index workflowId, createdAt), all-time and since `fromMs`. */
async function usageByWorkflow(
  sql: SqlDb,
  ids: string[],
  fromMs: number,
): Promise<Map<string, { d30: WorkflowUsage; total: WorkflowUsage }>> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT r."workflowId" AS "workflowId", COUNT(*) AS "runs", SUM(r."tokens") AS "tokens", SUM(r."costUsd") AS "cost",
            SUM(CASE WHEN r."createdAt" >= ? THEN 1 ELSE 0 END) AS "runs30",
            SUM(CASE WHEN r."createdAt" >= ? THEN r."tokens" ELSE 0 END) AS "tokens30",
            SUM(CASE WHEN r."createdAt" >= ? THEN r."costUsd" ELSE 0 END) AS "cost30"
     FROM "Run" r WHERE r."workflowId" IN ${inList(ids.length)} AND NOT r."isTest" GROUP BY r."workflowId"`,
    [...Array(3).fill(sqlTimestamp(sql.dialect, fromMs)), ...ids],
  );
  const round = (usd: number) => Math.round(usd * 1e6) / 1e6;
  return new Map(
    rows.map((r) => [
      String(r.workflowId),
      {
        d30: { runs: num(r.runs30), tokens: num(r.tokens30), costUsd: round(num(r.cost30)) },
        total: { runs: num(r.runs), tokens: num(r.tokens), costUsd: round(num(r.cost)) },
      },
    ]),
  );
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The newest run of each workflow (ties on createdAt broken by id). */
async function lastRuns(sql: SqlDb, ids: string[]): Promise<Map<string, { status: RunStatus; createdAt: string }>> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT r."workflowId" AS "workflowId", r."status" AS "status", r."createdAt" AS "createdAt" FROM "Run" r
     WHERE r."workflowId" IN ${inList(ids.length)} AND NOT r."isTest"
       AND r."createdAt" = (SELECT MAX(r2."createdAt") FROM "Run" r2 WHERE r2."workflowId" = r."workflowId" AND NOT r2."isTest")
     ORDER BY r."id" DESC`,
    ids,
  );
  const out = new Map<string, { status: RunStatus; createdAt: string }>();
  for (const r of rows) {
    const id = String(r.workflowId);
    if (!out.has(id)) out.set(id, { status: String(r.status) as RunStatus, createdAt: readTimestamp(r.createdAt) });
  }
  return out;
}

export async function listWorkflows(sql: SqlDb, search?: string, nowMs = Date.now()): Promise<WorkflowListItem[]> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT "id","name","description","updatedAt" FROM "Workflow" WHERE "deletedAt" IS NULL${search ? ` AND "name" LIKE ? ESCAPE '\\'` : ""}
     ORDER BY "updatedAt" DESC LIMIT 500`,
    search ? [`%${escapeLike(search)}%`] : [],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  const versions = await sql.all<Record<string, unknown>>(
    `SELECT "workflowId", MAX("version") AS "v" FROM "WorkflowVersion" WHERE "workflowId" IN ${inList(ids.length)} AND "published"=? GROUP BY "workflowId"`,
    [...ids, true],
  );
  const r = await lastRuns(sql, ids);
  const usage = await usageByWorkflow(sql, ids, nowMs - COST_WINDOW_DAYS * 86_400_000);
  const none: WorkflowUsage = { runs: 0, tokens: 0, costUsd: 0 };
  const v = new Map(versions.map((x) => [String(x.workflowId), Number(x.v)]));
  return rows.map((w) => {
    const id = String(w.id);
    return {
      id,
      name: String(w.name),
      description: String(w.description ?? ""),
      updatedAt: readTimestamp(w.updatedAt),
      publishedVersion: v.get(id) ?? null,
      lastRunStatus: r.get(id)?.status ?? null,
      lastRunAt: r.get(id)?.createdAt ?? null,
      usage30d: usage.get(id)?.d30 ?? none,
      usageTotal: usage.get(id)?.total ?? none,
    };
  });
}
