// Shapes the workflow API returns (shared by route handlers and client components; no server imports).
import type { DraftGraph } from "@/lib/model/draft-graph";
import type { WorkflowGraph } from "@/lib/model/graph-schema";

export interface UserRef {
  id: string;
  name: string;
}

export interface DraftState {
  graph: DraftGraph;
  revision: number;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface VersionSummary {
  id: string;
  version: number;
  message: string;
  schemaVersion: number;
  createdAt: string;
  author: UserRef | null;
}

/** Who made a version live and when (publish with "make live", promote or roll back). */
export interface LiveMark {
  since: string | null;
  by: UserRef | null;
}

/** The version runs started by workflowId (API, triggers) use. */
export interface LiveVersion extends VersionSummary, LiveMark {}

export interface VersionListItem extends VersionSummary {
  /** What changed since the previous version, e.g. "2 nodes added; 1 edge removed". */
  changes: string;
  /** Set on the live version only. */
  live: LiveMark | null;
}

export interface VersionDetail extends VersionSummary {
  graph: WorkflowGraph;
}

export interface WorkflowDetail {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  draft: DraftState;
  latestVersion: VersionSummary | null;
  liveVersion: LiveVersion | null;
}
