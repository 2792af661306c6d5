// Left-to-right layered layout with dagre, using each node's measured size.
import dagre from "@dagrejs/dagre";
import type { CanvasEdge, CanvasNode } from "@/components/canvas/canvas-types";
import { NODE_WIDTH } from "@/components/canvas/canvas-types";
import type { Position } from "@/lib/model/graph-schema";

const GRID = 16;
const snap = (v: number) => Math.round(v / GRID) * GRID;

export function layoutPositions(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Map<string, Position> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 48, ranksep: 96, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const size = new Map(nodes.map((n) => [n.id, { width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? 96 }]));
  for (const n of nodes) g.setNode(n.id, { ...size.get(n.id)! });
  for (const e of edges) if (size.has(e.source) && size.has(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, Position>();
  for (const n of nodes) {
    const laid = g.node(n.id) as { x: number; y: number } | undefined;
    const s = size.get(n.id)!;
    if (laid) out.set(n.id, { x: snap(laid.x - s.width / 2), y: snap(laid.y - s.height / 2) });
  }
  return out;
}
