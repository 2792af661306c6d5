// Read model for the workflows list: name, last edit, published version, last run status.
import type { Database } from "@/lib/db/connection";

export interface WorkflowListItem {
  id: string;
  name: string;
  description: string;
  updatedAt: string;
  publishedVersion: number | null;
  lastRunStatus: string | null;
  lastRunAt: string | null;
}

export async function listWorkflows(db: Database, search?: string): Promise<WorkflowListItem[]> {
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
  }));
}
