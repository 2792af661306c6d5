// Workflows whose live version asks to be offered as a tool by Switchyard's MCP endpoint
// (graph settings.mcp.expose): their id, name, live version and graph. The LIKE narrows the scan to
// graphs that mention an mcp setting at all; the caller parses and checks the flag.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";

export interface ExposedCandidate {
  workflowId: string;
  name: string;
  description: string;
  versionId: string;
  graph: string;
}

export async function selectMcpCandidates(q: SqlQuery): Promise<ExposedCandidate[]> {
  const rows = await q.all<{ id: string; name: string; description: string; versionId: string; graph: string }>(
    `SELECT w."id", w."name", w."description", v."id" AS "versionId", v."graph" FROM "Workflow" w
       JOIN "WorkflowVersion" v ON v."id" = w."liveVersionId"
      WHERE w."deletedAt" IS NULL AND v."graph" LIKE '%"mcp"%'
      ORDER BY w."name"`,
  );
  return rows.map((r) => ({
    workflowId: String(r.id),
    name: String(r.name),
    description: String(r.description ?? ""),
    versionId: String(r.versionId),
    graph: String(r.graph),
  }));
}
