// A template's thumbnail, computed from its graph by a pure function (no image files): one rounded
// box per node at its position, coloured by the node kind's category, and one curve per edge from the
// source's right side to the target's left side. The gallery draws it as an inline SVG.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { getNodeKind, type NodeCategory } from "@/lib/model/node-kinds";

export const THUMB_NODE = { width: 240, height: 84 } as const;
const PAD = 40;

export interface ThumbnailBox {
  id: string;
  x: number;
  y: number;
  category: NodeCategory;
}

export interface Thumbnail {
  viewBox: string;
  boxes: ThumbnailBox[];
  /** SVG path data, one per edge. */
  edges: string[];
}

export function templateThumbnail(graph: DraftGraph): Thumbnail {
  const boxes = graph.nodes.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, category: getNodeKind(n.kind).category }));
  const at = new Map(boxes.map((b) => [b.id, b]));
  const edges = graph.edges.flatMap((e) => {
    const s = at.get(e.source);
    const t = at.get(e.target);
    if (!s || !t) return [];
    const x1 = s.x + THUMB_NODE.width;
    const y1 = s.y + THUMB_NODE.height / 2;
    const x2 = t.x;
    const y2 = t.y + THUMB_NODE.height / 2;
    const bend = Math.max(40, (x2 - x1) / 2);
    return [`M${x1} ${y1} C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}`];
  });
  const xs = boxes.map((b) => b.x);
  const ys = boxes.map((b) => b.y);
  const minX = Math.min(...xs) - PAD;
  const minY = Math.min(...ys) - PAD;
  const width = Math.max(...xs) + THUMB_NODE.width + PAD - minX;
  const height = Math.max(...ys) + THUMB_NODE.height + PAD - minY;
  return { viewBox: `${minX} ${minY} ${width} ${height}`, boxes, edges };
}
