// What the draft changes against a published version, by name: the editor's "Unpublished changes"
// badge and the publish dialog's list. Nodes are matched by id and compared without their position,
// each normalised by the node schema first (the published graph has the defaults applied, a draft
// node may not spell them out); edges are matched by what they connect.
import { deepEqual } from "./deep-equal";
import { nodeSchema } from "./graph-schema";
import type { DraftDiff, EdgeChange, NodeChange } from "./diff-changes";

export { hasChanges, type DraftDiff } from "./diff-changes";

interface NodeLike {
  id: string;
  kind: string;
  name: string;
  position?: unknown;
  config?: unknown;
}
interface EdgeLike {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}
export interface GraphLike {
  settings?: unknown;
  nodes: readonly NodeLike[];
  edges: readonly EdgeLike[];
}

function normalized(node: NodeLike): unknown {
  const parsed = nodeSchema.safeParse(node);
  const n = (parsed.success ? parsed.data : node) as unknown as Record<string, unknown>;
  return { ...n, position: undefined };
}

const connection = (e: EdgeLike) => JSON.stringify([e.source, e.sourceHandle, e.target, e.targetHandle]);

/** Edges of `from` that `other` lacks (as a multiset: a doubled edge counts twice). */
function missing(from: readonly EdgeLike[], other: readonly EdgeLike[]): EdgeLike[] {
  const left = new Map<string, number>();
  for (const e of other) left.set(connection(e), (left.get(connection(e)) ?? 0) + 1);
  return from.filter((e) => {
    const n = left.get(connection(e)) ?? 0;
    if (n > 0) left.set(connection(e), n - 1);
    return n === 0;
  });
}

export function diffDraft(published: GraphLike, draft: GraphLike): DraftDiff {
  const before = new Map(published.nodes.map((n) => [n.id, n]));
  const after = new Map(draft.nodes.map((n) => [n.id, n]));
  const nodes: NodeChange[] = [];
  for (const n of draft.nodes) {
    const old = before.get(n.id);
    if (!old) nodes.push({ id: n.id, name: n.name, kind: n.kind, change: "added" });
    else if (!deepEqual(normalized(old), normalized(n))) nodes.push({ id: n.id, name: n.name, kind: n.kind, change: "changed" });
  }
  for (const n of published.nodes) if (!after.has(n.id)) nodes.push({ id: n.id, name: n.name, kind: n.kind, change: "removed" });
  const name = (id: string) => after.get(id)?.name ?? before.get(id)?.name ?? id;
  const label = (e: EdgeLike) => `${name(e.source)}${e.sourceHandle === "out" ? "" : ` (${e.sourceHandle})`} → ${name(e.target)}`;
  const edges: EdgeChange[] = [
    ...missing(draft.edges, published.edges).map((e) => ({ label: label(e), change: "added" as const })),
    ...missing(published.edges, draft.edges).map((e) => ({ label: label(e), change: "removed" as const })),
  ];
  return { nodes, edges, settingsChanged: !deepEqual(published.settings, draft.settings) };
}
