import type { z } from "zod";
import { formatPath, valueAt } from "../issue-path";
import { error, type Problem, type ProblemCode } from "./problem";

export interface IssueOwner {
  /** "nodes" / "edges" when the issues come from parsing one element, null for the graph shell. */
  collection: "nodes" | "edges" | null;
  index: number;
  /** The element's id when it is a string. */
  id: string | null;
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

function classify(issue: z.core.$ZodIssue, value: unknown, owner: IssueOwner): ProblemCode {
  if (owner.collection !== "nodes") return "schema";
  const [head] = issue.path;
  if (head === "kind" && issue.code === "invalid_union") return typeof value === "string" ? "unknown_kind" : "schema";
  if (head !== "config") return "schema";
  if (issue.code === "unrecognized_keys") return "invalid_config";
  return isBlank(value) ? "missing_config" : "invalid_config";
}

function describe(code: ProblemCode, issue: z.core.$ZodIssue, value: unknown, path: string): string {
  switch (code) {
    case "unknown_kind":
      return `Unknown node kind "${String(value)}"`;
    case "missing_config":
      return path === "config" ? "Missing config" : `Missing required config "${path.replace(/^config\./, "")}"`;
    case "invalid_config": {
      const field = path.replace(/^config\.?/, "");
      return field ? `Invalid config "${field}": ${issue.message}` : `Invalid config: ${issue.message}`;
    }
    default: {
      const message = issue.code === "invalid_type" && value === undefined ? "Required" : issue.message;
      return path ? `${path}: ${message}` : message;
    }
  }
}

/** Map zod issues of one node / edge (or of the graph shell) to problems with ids and readable paths. */
export function issueProblems(issues: z.core.$ZodIssue[], root: unknown, owner: IssueOwner): Problem[] {
  return issues.map((issue) => {
    const value = valueAt(root, issue.path);
    const code = classify(issue, value, owner);
    const relative = formatPath(issue.path);
    const absolute = owner.collection ? formatPath([owner.collection, owner.index, ...issue.path]) : relative;
    const path = owner.id !== null ? relative : absolute;
    const where =
      owner.id === null
        ? { path: absolute || undefined }
        : owner.collection === "nodes"
          ? { nodeId: owner.id, path: relative || undefined }
          : { edgeId: owner.id, path: relative || undefined };
    return error(code, describe(code, issue, value, path), where);
  });
}
