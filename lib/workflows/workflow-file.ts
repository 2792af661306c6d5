// The portable workflow file (export / import / templates): `{ format, name, description, graph }`.
// Import is refused when the file or its graph does not match the schema; graph-rule problems
// (an unreachable node, a missing End…) do not block it: they show in the editor's validation panel.
import { z } from "zod";
import { freeText, nameText } from "@/lib/model/text-fields";
import { validateGraph, type Problem } from "@/lib/model/validate-graph";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
import { formatPath } from "@/lib/model/issue-path";

export const WORKFLOW_FILE_FORMAT = "switchyard.workflow";

export interface WorkflowFile {
  format: typeof WORKFLOW_FILE_FORMAT;
  name: string;
  description: string;
  /** A draft may be exported half-edited; an imported file's graph always matches the strict schema. */
  graph: DraftGraph;
}

const fileShellSchema = z.object({
  format: z.literal(WORKFLOW_FILE_FORMAT, { error: `format must be "${WORKFLOW_FILE_FORMAT}"` }),
  name: nameText({ max: 120, required: "name is required", tooLong: "name is longer than 120 characters" }),
  description: freeText(2000).default(""),
  graph: z.unknown().refine((g) => g !== undefined, "graph is required"),
});

/** Problems that make the graph unusable as a document (as opposed to graph rules the editor shows). */
const BLOCKING_CODES: ReadonlySet<Problem["code"]> = new Set([
  "schema",
  "unknown_kind",
  "missing_config",
  "invalid_config",
  "duplicate_node_id",
  "duplicate_edge_id",
]);

/** One problem in an imported file, located from the file root (e.g. "graph.nodes[2].config.url"). */
export interface FileProblem {
  severity: "error" | "warning";
  code: string;
  message: string;
  path?: string;
  nodeId?: string;
  edgeId?: string;
}

export type ParseWorkflowFileResult = { ok: true; file: WorkflowFile; problems: FileProblem[] } | { ok: false; problems: FileProblem[] };

function locate(problem: Problem, graph: unknown): FileProblem {
  const g = graph as { nodes?: { id?: unknown }[]; edges?: { id?: unknown }[] } | null;
  let path = problem.path;
  if (problem.nodeId !== undefined) {
    const i = Array.isArray(g?.nodes) ? g.nodes.findIndex((n) => n?.id === problem.nodeId) : -1;
    path = `graph.nodes[${i}]${problem.path ? `.${problem.path}` : ""}`;
  } else if (problem.edgeId !== undefined) {
    const i = Array.isArray(g?.edges) ? g.edges.findIndex((e) => e?.id === problem.edgeId) : -1;
    path = `graph.edges[${i}]${problem.path ? `.${problem.path}` : ""}`;
  } else {
    path = problem.path ? `graph.${problem.path}` : "graph";
  }
  return { severity: problem.severity, code: problem.code, message: problem.message, path, nodeId: problem.nodeId, edgeId: problem.edgeId };
}

/** Validate a parsed JSON file: every problem is reported, not only the first. */
export function parseWorkflowFile(input: unknown): ParseWorkflowFileResult {
  const shell = fileShellSchema.safeParse(input);
  const problems: FileProblem[] = shell.success
    ? []
    : shell.error.issues.map((i) => ({ severity: "error", code: "schema", path: formatPath(i.path) || "(root)", message: i.message }));
  const rawGraph = typeof input === "object" && input !== null ? (input as { graph?: unknown }).graph : undefined;
  const result = rawGraph === undefined ? null : validateGraph(rawGraph);
  const graphProblems = (result?.problems ?? []).map((p) => locate(p, rawGraph));
  const blocking = (result?.problems ?? []).some((p) => BLOCKING_CODES.has(p.code));
  // The graph is kept exactly as written (not with schema defaults filled in), so that
  // export → import is lossless.
  const draft = parseDraftGraph(rawGraph);
  if (!shell.success || !result?.graph || blocking || !draft.success) {
    const extra =
      draft.success || !result?.graph || blocking
        ? []
        : draft.issues.map((i) => ({ severity: "error" as const, code: "schema", path: `graph.${i.path}`, message: i.message }));
    return { ok: false, problems: [...problems, ...graphProblems, ...extra] };
  }
  return {
    ok: true,
    file: { format: WORKFLOW_FILE_FORMAT, name: shell.data.name, description: shell.data.description, graph: draft.data },
    problems: graphProblems,
  };
}

export function toWorkflowFile(w: { name: string; description: string; graph: WorkflowFile["graph"] }): WorkflowFile {
  return { format: WORKFLOW_FILE_FORMAT, name: w.name, description: w.description, graph: w.graph };
}

/** A safe file name: "Loan origination" → "loan-origination.switchyard.json". */
export function workflowFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "workflow"}.switchyard.json`;
}
