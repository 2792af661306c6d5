// Publishing pins calls to other workflows — Sub-workflow nodes and agents' workflow tools: a call
// whose version is left empty gets the called workflow's live version number written
// into the published graph, so the version's behaviour never changes under it. A number must
// exist; "latest" (chosen explicitly) must have something published. Problems refuse the publish
// (422) like validation errors do.
import type { Database } from "@/lib/db/connection";
import { publishedVersionNumber, workflowExists } from "@/lib/db/workflow-store";
import { DomainError } from "@/lib/errors/domain-error";
import type { WorkflowGraph, WorkflowNode } from "@/lib/model/graph-schema";
import type { Problem } from "@/lib/model/validate-graph";

interface Call {
  /** "Review" or "Supervisor" tool "legal_review", for messages. */
  what: string;
  workflowId: string;
  version: string;
  /** Paths relative to the node, for problems. */
  idPath: string;
  versionPath: string;
}

/** The version to write for one call, or null (and a problem) when it cannot be pinned. */
async function pinCall(db: Database, nodeId: string, call: Call, problems: Problem[]): Promise<string | null> {
  const { workflowId, version } = call;
  if (!workflowId) {
    problems.push({
      severity: "error",
      code: "invalid_config",
      message: `${call.what} does not name a workflow to call`,
      nodeId,
      path: call.idPath,
    });
    return null;
  }
  if (!(await workflowExists(db.sql, workflowId))) {
    problems.push({
      severity: "error",
      code: "invalid_config",
      message: `${call.what} calls workflow ${workflowId}, which does not exist`,
      nodeId,
      path: call.idPath,
    });
    return null;
  }
  const wanted = version && version !== "latest" ? Number(version) : "latest";
  const published = wanted === "latest" || Number.isSafeInteger(wanted) ? await publishedVersionNumber(db.sql, workflowId, wanted) : null;
  if (published === null) {
    const which = version && version !== "latest" ? `version ${version}` : "version";
    problems.push({
      severity: "error",
      code: "invalid_config",
      message: `${call.what} calls a workflow with no published ${which}: publish it first`,
      nodeId,
      path: call.versionPath,
    });
    return null;
  }
  return version || String(published);
}

async function pinNode(db: Database, node: WorkflowNode, problems: Problem[]): Promise<WorkflowNode> {
  if (node.kind === "subworkflow") {
    const { workflowId, version } = node.config;
    const call = { what: `"${node.name}"`, workflowId, version, idPath: "config.workflowId", versionPath: "config.version" };
    const pinned = await pinCall(db, node.id, call, problems);
    return pinned && pinned !== version ? { ...node, config: { ...node.config, version: pinned } } : node;
  }
  if (node.kind === "agent" && node.config.tools.some((t) => t.type === "workflow")) {
    const tools = await Promise.all(
      node.config.tools.map(async (t, i) => {
        if (t.type !== "workflow") return t;
        const version = t.version ?? "";
        const call = {
          what: `"${node.name}" tool "${t.name}"`,
          workflowId: t.workflowId ?? "",
          version,
          idPath: `config.tools[${i}].workflowId`,
          versionPath: `config.tools[${i}].version`,
        };
        const pinned = await pinCall(db, node.id, call, problems);
        return pinned && pinned !== version ? { ...t, version: pinned } : t;
      }),
    );
    return { ...node, config: { ...node.config, tools } };
  }
  return node;
}

export async function pinSubworkflows(db: Database, graph: WorkflowGraph): Promise<WorkflowGraph> {
  const problems: Problem[] = [];
  const nodes = await Promise.all(graph.nodes.map((node) => pinNode(db, node, problems)));
  if (problems.length) {
    throw new DomainError("invalid_graph", `Fix ${problems.length} problem${problems.length === 1 ? "" : "s"} before publishing.`, {
      problems,
    });
  }
  return { ...graph, nodes };
}
