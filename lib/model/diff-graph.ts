import { deepEqual } from "./deep-equal";
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from "./graph-schema";

export interface GraphDiff {
  added: string[];
  removed: string[];
  /** Nodes whose kind, name, config, retry, timeout or idempotency changed (moving a node is not a change). */
  changed: string[];
  edgesAdded: number;
  edgesRemoved: number;
  settingsChanged: boolean;
}

/** Everything about a node except where it sits on the canvas. */
const semantic = (node: WorkflowNode): unknown => ({ ...node, position: undefined });

/** Edges are compared by what they connect, not by id (the editor may regenerate ids). */
const connection = (e: WorkflowEdge) => JSON.stringify([e.source, e.sourceHandle, e.target, e.targetHandle]);

function countMissing(from: string[], other: string[]): number {
  const remaining = new Map<string, number>();
  for (const key of other) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  let missing = 0;
  for (const key of from) {
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else missing++;
  }
  return missing;
}

/** What changed from `a` (e.g. the published version) to `b` (the draft). Nodes are matched by id. */
export function diffGraphs(a: WorkflowGraph, b: WorkflowGraph): GraphDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const edgesA = a.edges.map(connection);
  const edgesB = b.edges.map(connection);
  return {
    added: b.nodes.filter((n) => !before.has(n.id)).map((n) => n.id),
    removed: a.nodes.filter((n) => !after.has(n.id)).map((n) => n.id),
    changed: b.nodes.filter((n) => before.has(n.id) && !deepEqual(semantic(before.get(n.id)!), semantic(n))).map((n) => n.id),
    edgesAdded: countMissing(edgesB, edgesA),
    edgesRemoved: countMissing(edgesA, edgesB),
    settingsChanged: !deepEqual(a.settings, b.settings),
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function group(noun: string, counts: [number, string][]): string | null {
  const parts = counts.filter(([n]) => n > 0);
  if (parts.length === 0) return null;
  return parts.map(([n, verb], i) => (i === 0 ? `${plural(n, noun)} ${verb}` : `${n} ${verb}`)).join(", ");
}

/** Human summary, e.g. "2 nodes added, 1 changed; 3 edges added". */
export function summarizeDiff(diff: GraphDiff): string {
  const parts = [
    group("node", [
      [diff.added.length, "added"],
      [diff.removed.length, "removed"],
      [diff.changed.length, "changed"],
    ]),
    group("edge", [
      [diff.edgesAdded, "added"],
      [diff.edgesRemoved, "removed"],
    ]),
    diff.settingsChanged ? "settings changed" : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join("; ") : "No changes";
}
