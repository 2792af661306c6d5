// The shape of a draft's changes against a published version (lib/model/diff-details.ts computes
// it). Zod-free, so the editor shell can read it without loading the schemas.

export type Change = "added" | "removed" | "changed";
export interface NodeChange {
  id: string;
  name: string;
  kind: string;
  change: Change;
}
export interface EdgeChange {
  /** "Review (rejected) → Notify" */
  label: string;
  change: "added" | "removed";
}
export interface DraftDiff {
  nodes: NodeChange[];
  edges: EdgeChange[];
  settingsChanged: boolean;
}

export function hasChanges(d: DraftDiff): boolean {
  return d.nodes.length > 0 || d.edges.length > 0 || d.settingsChanged;
}
