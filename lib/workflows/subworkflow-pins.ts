// Publishing pins sub-workflow calls: a Sub-workflow node whose version is left empty gets the
// called workflow's latest published version number written into the published graph, so the
// version's behaviour never changes under it. A number must exist; "latest" (chosen explicitly)
// must have something published. Problems refuse the publish (422) like validation errors do.
import type { Database } from "@/lib/db/connection";
import { ApiError } from "@/lib/api/errors";
import type { WorkflowGraph } from "@/lib/workflow/graph-schema";
import type { Problem } from "@/lib/workflow/validate-graph";

export async function pinSubworkflows(db: Database, graph: WorkflowGraph): Promise<WorkflowGraph> {
  const problems: Problem[] = [];
  const nodes = await Promise.all(
    graph.nodes.map(async (node) => {
      if (node.kind !== "subworkflow") return node;
      const { workflowId, version } = node.config;
      const where = { nodeId: node.id, path: "config.workflowId" };
      if (!workflowId) {
        problems.push({ severity: "error", code: "invalid_config", message: `"${node.name}" does not name a workflow to call`, ...where });
        return node;
      }
      const exists = await db.prisma.workflow.findFirst({ where: { id: workflowId, deletedAt: null }, select: { id: true } });
      if (!exists) {
        problems.push({ severity: "error", code: "invalid_config", message: `"${node.name}" calls workflow ${workflowId}, which does not exist`, ...where });
        return node;
      }
      const published = await db.prisma.workflowVersion.findMany({
        where: { workflowId, published: true, ...(version && version !== "latest" ? { version: Number(version) } : {}) },
        orderBy: { version: "desc" },
        take: 1,
        select: { version: true },
      });
      if (!published[0]) {
        const what = version && version !== "latest" ? `version ${version}` : "version";
        problems.push({ severity: "error", code: "invalid_config", message: `"${node.name}" calls a workflow with no published ${what}: publish it first`, nodeId: node.id, path: "config.version" });
        return node;
      }
      return version ? node : { ...node, config: { ...node.config, version: String(published[0].version) } };
    }),
  );
  if (problems.length) {
    throw new ApiError(422, "invalid_graph", `Fix ${problems.length} problem${problems.length === 1 ? "" : "s"} before publishing.`, { problems });
  }
  return { ...graph, nodes };
}
