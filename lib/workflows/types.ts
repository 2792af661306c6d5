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

export interface VersionListItem extends VersionSummary {
  /** What changed since the previous version, e.g. "2 nodes added; 1 edge removed". */
  changes: string;
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
}
