// Workflows with a live version that may be offered as a tool by Switchyard's MCP endpoint: their id,
// name, settings (the exposure setting, `mcp`), live version and graph (settings.mcp). The LIKEs narrow
// the scan to workflows that mention an mcp setting at all; lib/mcp/mcp-exposed-tools.ts decides.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";

export interface ExposedCandidate {
  workflowId: string;
  name: string;
  description: string;
  versionId: string;
  graph: string;
  /** Workflow.settings (JSON). */
  settings: string;
}

export async function selectMcpCandidates(q: SqlQuery): Promise<ExposedCandidate[]> {
  const rows = await q.all<{ id: string; name: string; description: string; versionId: string; graph: string; settings: string }>(
    `SELECT w."id", w."name", w."description", w."settings", v."id" AS "versionId", v."graph" FROM "Workflow" w
       JOIN "WorkflowVersion" v ON v."id" = w."liveVersionId"
      WHERE w."deletedAt" IS NULL AND (v."graph" LIKE '%"mcp"%' OR w."settings" LIKE '%"mcp"%')
      ORDER BY w."name"`,
  );
  return rows.map((r) => ({
    workflowId: String(r.id),
    name: String(r.name),
    description: String(r.description ?? ""),
    versionId: String(r.versionId),
    graph: String(r.graph),
    settings: String(r.settings ?? "{}"),
  }));
}
