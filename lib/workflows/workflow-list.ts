// Read model for the workflows list: name, last edit, published version, last run status, and what
// its runs cost (model tokens and USD, rolled up on each run) in the last 30 days and in total.
import type { Database } from "@/lib/db/connection";
import { createdAtParam } from "@/lib/monitoring/run-list-query";

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
  lastRunStatus: string | null;
  lastRunAt: string | null;
  /** Runs created in the last COST_WINDOW_DAYS days. */
  usage30d: WorkflowUsage;
  usageTotal: WorkflowUsage;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Sums over the Run rows of these workflows (index workflowId, createdAt), all-time and since `fromMs`. */
async function usageByWorkflow(
  db: Database,
  ids: string[],
  fromMs: number,
): Promise<Map<string, { d30: WorkflowUsage; total: WorkflowUsage }>> {
  const rows = await db.sql.all<Record<string, unknown>>(
    `SELECT r."workflowId" AS "workflowId", COUNT(*) AS "runs", SUM(r."tokens") AS "tokens", SUM(r."costUsd") AS "cost",
            SUM(CASE WHEN r."createdAt" >= ? THEN 1 ELSE 0 END) AS "runs30",
            SUM(CASE WHEN r."createdAt" >= ? THEN r."tokens" ELSE 0 END) AS "tokens30",
            SUM(CASE WHEN r."createdAt" >= ? THEN r."costUsd" ELSE 0 END) AS "cost30"
     FROM "Run" r WHERE r."workflowId" IN (${ids.map(() => "?").join(",")}) GROUP BY r."workflowId"`,
    [...Array(3).fill(createdAtParam(db.sql.dialect, fromMs)), ...ids],
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

export async function listWorkflows(db: Database, search?: string, nowMs = Date.now()): Promise<WorkflowListItem[]> {
  const rows = await db.prisma.workflow.findMany({
    where: { deletedAt: null, ...(search ? { name: { contains: search } } : {}) },
    orderBy: { updatedAt: "desc" },
    take: 500,
    select: { id: true, name: true, description: true, updatedAt: true },
  });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const versions = await db.prisma.workflowVersion.groupBy({
    by: ["workflowId"],
    where: { workflowId: { in: ids }, published: true },
    _max: { version: true },
  });
  const lastRuns = await db.prisma.run.findMany({
    where: { workflowId: { in: ids } },
    orderBy: { createdAt: "desc" },
    distinct: ["workflowId"],
    select: { workflowId: true, status: true, createdAt: true },
  });
  const usage = await usageByWorkflow(db, ids, nowMs - COST_WINDOW_DAYS * 86_400_000);
  const none: WorkflowUsage = { runs: 0, tokens: 0, costUsd: 0 };
  const v = new Map(versions.map((x) => [x.workflowId, x._max.version]));
  const r = new Map(lastRuns.map((x) => [x.workflowId, x]));
  return rows.map((w) => ({
    id: w.id,
    name: w.name,
    description: w.description,
    updatedAt: w.updatedAt.toISOString(),
    publishedVersion: v.get(w.id) ?? null,
    lastRunStatus: r.get(w.id)?.status ?? null,
    lastRunAt: r.get(w.id)?.createdAt.toISOString() ?? null,
    usage30d: usage.get(w.id)?.d30 ?? none,
    usageTotal: usage.get(w.id)?.total ?? none,
  }));
}
