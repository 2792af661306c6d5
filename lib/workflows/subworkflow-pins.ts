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

/** What one node's calls pinned to, and their problems in the node's own order. */
interface Pinned {
  node: WorkflowNode;
  problems: Problem[];
}

/** The version to write for one call, or the problem that stops it from being pinned. */
async function pinCall(db: Database, nodeId: string, call: Call): Promise<{ version: string } | { problem: Problem }> {
  const { workflowId, version } = call;
  const problem = (message: string, path: string): { problem: Problem } => ({
    problem: { severity: "error", code: "invalid_config", message, nodeId, path },
  });
  if (!workflowId) return problem(`${call.what} does not name a workflow to call`, call.idPath);
  if (!(await workflowExists(db.sql, workflowId)))
    return problem(`${call.what} calls workflow ${workflowId}, which does not exist`, call.idPath);
  const wanted = version && version !== "latest" ? Number(version) : "latest";
  const published = wanted === "latest" || Number.isSafeInteger(wanted) ? await publishedVersionNumber(db.sql, workflowId, wanted) : null;
  if (published === null) {
    const which = version && version !== "latest" ? `version ${version}` : "version";
    return problem(`${call.what} calls a workflow with no published ${which}: publish it first`, call.versionPath);
  }
  return { version: version || String(published) };
}

async function pinNode(db: Database, node: WorkflowNode): Promise<Pinned> {
  if (node.kind === "subworkflow") {
    const { workflowId, version } = node.config;
    const call = { what: `"${node.name}"`, workflowId, version, idPath: "config.workflowId", versionPath: "config.version" };
    const pinned = await pinCall(db, node.id, call);
    if ("problem" in pinned) return { node, problems: [pinned.problem] };
    return { node: pinned.version !== version ? { ...node, config: { ...node.config, version: pinned.version } } : node, problems: [] };
  }
  if (node.kind === "agent" && node.config.tools.some((t) => t.type === "workflow")) {
    const problems: Problem[] = [];
    // calls are looked up concurrently; their problems are kept in tool order, not in answer order
    const results = await Promise.all(
      node.config.tools.map(async (t, i) => {
        if (t.type !== "workflow") return { tool: t, pinned: null };
        const version = t.version ?? "";
        const call = {
          what: `"${node.name}" tool "${t.name}"`,
          workflowId: t.workflowId ?? "",
          version,
          idPath: `config.tools[${i}].workflowId`,
          versionPath: `config.tools[${i}].version`,
        };
        return { tool: t, pinned: await pinCall(db, node.id, call) };
      }),
    );
    const tools = results.map(({ tool, pinned }) => {
      if (!pinned) return tool;
      if ("problem" in pinned) {
        problems.push(pinned.problem);
        return tool;
      }
      return pinned.version !== (tool.version ?? "") ? { ...tool, version: pinned.version } : tool;
    });
    return { node: { ...node, config: { ...node.config, tools } }, problems };
  }
  return { node, problems: [] };
}

export async function pinSubworkflows(db: Database, graph: WorkflowGraph): Promise<WorkflowGraph> {
  const pinned = await Promise.all(graph.nodes.map((node) => pinNode(db, node)));
  const nodes = pinned.map((p) => p.node);
  const problems = pinned.flatMap((p) => p.problems); // in graph order, whichever lookup answered first
  if (problems.length) {
    throw new DomainError("invalid_graph", `Fix ${problems.length} problem${problems.length === 1 ? "" : "s"} before publishing.`, {
      problems,
    });
  }
  return { ...graph, nodes };
}
