// The run timeline as a story: steps in the order they started, each Loop/Map step followed by its
// iterations' steps (nested one level deeper per frame, items and passes in their order), so a
// container reads as a chapter. Ties in start time (steps started in one batch share a
// millisecond) fall back to the graph's topological order, never to the alphabet. Pure.
import type { StepSummary } from "./run-view-types";
import { framePrefixOf } from "@/lib/engine/step-keys";

export interface TimelineRow {
  step: StepSummary;
  depth: number;
  /** "item 3" / "pass 2" of the frame the step ran in (null at the top level). */
  frameLabel: string | null;
}

const FRAME = /^(.*)(?:\[(\d+)\]|#(\d+))\/$/;

interface GraphLike {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string }[];
}

/** Node id → position in a topological order of the graph (cycles: declaration order). */
export function topoOrder(graph: GraphLike | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!graph) return out;
  const indeg = new Map(graph.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target) || e.source === e.target) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  }
  const queue = graph.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  while (queue.length) {
    const id = queue.shift()!;
    out.set(id, out.size);
    for (const t of next.get(id) ?? []) {
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  for (const n of graph.nodes) if (!out.has(n.id)) out.set(n.id, out.size); // loop back-edges
  return out;
}

export function timelineRows(steps: readonly StepSummary[], graph: GraphLike | null): TimelineRow[] {
  const shown = steps.filter((s) => s.status !== "skipped");
  const keys = new Set(shown.map((s) => s.stepKey));
  const order = topoOrder(graph);
  const startOf = (s: StepSummary) => s.startedAtMs ?? s.scheduledAtMs;
  const byStart = (a: StepSummary, b: StepSummary) =>
    startOf(a) - startOf(b) ||
    a.scheduledAtMs - b.scheduledAtMs ||
    (order.get(a.nodeId) ?? Infinity) - (order.get(b.nodeId) ?? Infinity) ||
    (a.finishedAtMs ?? Infinity) - (b.finishedAtMs ?? Infinity) ||
    a.stepKey.localeCompare(b.stepKey);

  // parent container and frame of each step (a step whose container is not shown stays at the top)
  const children = new Map<string, { step: StepSummary; frame: number; label: string }[]>();
  const roots: StepSummary[] = [];
  for (const s of shown) {
    const prefix = framePrefixOf(s);
    const m = prefix ? FRAME.exec(prefix) : null;
    if (m && keys.has(m[1])) {
      const item = m[2] !== undefined;
      const frame = Number(item ? m[2] : m[3]);
      const list = children.get(m[1]) ?? [];
      list.push({ step: s, frame, label: item ? `item ${frame}` : `pass ${frame}` });
      children.set(m[1], list);
    } else roots.push(s);
  }
  const out: TimelineRow[] = [];
  const visit = (s: StepSummary, depth: number, frameLabel: string | null) => {
    out.push({ step: s, depth, frameLabel });
    const kids = children.get(s.stepKey);
    if (!kids) return;
    kids.sort((a, b) => a.frame - b.frame || byStart(a.step, b.step));
    for (const k of kids) visit(k.step, depth + 1, k.label);
  };
  for (const r of roots.sort(byStart)) visit(r, 0, null);
  return out;
}
