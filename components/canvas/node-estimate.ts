// Large graphs render only the nodes on screen (React Flow's `onlyRenderVisibleElements`). React
// Flow still renders every node it has never measured, to measure it, so a 1,000-node graph would
// mount 1,000 cards on open. A node that has not been measured yet therefore gets an estimated
// size and estimated handle positions, built from the same parts as its card (base-node.tsx):
// React Flow can then decide visibility, draw edges to off-screen nodes, fit the view and draw the
// minimap without mounting them. A card that scrolls into view is measured from the DOM, and the
// measurement replaces the estimate.
import { Position, type NodeHandle } from "@xyflow/react";
import { draftOutputHandles, draftSummary } from "@/lib/model/draft-graph";
import { errorHandle, loopBackHandle } from "@/lib/model/handles";
import { getNodeKind } from "@/lib/model/node-kinds";
import { NODE_WIDTH, type CanvasNode } from "./canvas-types";

/** From this many nodes the canvas renders only what is on screen. */
export const VIRTUALIZE_FROM = 200;

// Card geometry in px, as laid out by base-node.tsx (Tailwind spacing and line heights).
const BORDER = 1;
const HEADER = 51; // pt-2.5, title (text-sm, leading-tight), kind line, pb-2: measured in Chromium
const BODY_PADDING = 1 + 8 + 8; // border-t, py-2
const BODY_LINE = 15.125; // 11 px mono, leading-snug
const BODY_CHARS_PER_LINE = 33;
const OUTPUTS_PADDING = 1 + 6 + 6; // border-t, py-1.5
const OUTPUT_ROW = 20;
const OUTPUT_GAP = 2;
const HEADER_HANDLE_Y = 26;
const HANDLE = 10;

export interface NodeEstimate {
  width: number;
  height: number;
  handles: NodeHandle[];
}

/** The size and handle positions a node's card will have, without rendering it. */
export function estimateNode(node: Pick<CanvasNode, "type" | "data">): NodeEstimate {
  const kind = node.type;
  const def = getNodeKind(kind);
  const config = node.data.config;
  const all = draftOutputHandles({ kind, config });
  const outputs = node.data.showErrorHandle === true ? all : all.filter((h) => h.id !== errorHandle);
  const summary = draftSummary({ kind, config });
  const bodyHeight = summary ? BODY_PADDING + Math.max(1, Math.ceil(summary.length / BODY_CHARS_PER_LINE)) * BODY_LINE : 0;
  const rows = outputs.length === 1 && outputs[0].id !== errorHandle ? 0 : outputs.length;
  const rowsTop = BORDER + HEADER + bodyHeight;
  const rowsHeight = rows > 0 ? OUTPUTS_PADDING + rows * OUTPUT_ROW + (rows - 1) * OUTPUT_GAP : 0;
  // Never a whole number: the DOM measures whole pixels, so a rendered card always differs from
  // its estimate and React Flow measures it (handles included) instead of trusting the estimate.
  const height = rowsTop + rowsHeight + BORDER + 0.5;
  const width = NODE_WIDTH;

  const handles: NodeHandle[] = def.inputs.map((h) =>
    h.id === loopBackHandle
      ? {
          id: h.id,
          type: "target",
          position: Position.Bottom,
          x: width / 2 - HANDLE / 2,
          y: height - HANDLE / 2,
          width: HANDLE,
          height: HANDLE,
        }
      : {
          id: h.id,
          type: "target",
          position: Position.Left,
          x: -HANDLE / 2,
          y: HEADER_HANDLE_Y - HANDLE / 2,
          width: HANDLE,
          height: HANDLE,
        },
  );
  outputs.forEach((h, i) => {
    const centre = rows === 0 ? HEADER_HANDLE_Y : rowsTop + 1 + 6 + i * (OUTPUT_ROW + OUTPUT_GAP) + OUTPUT_ROW / 2;
    handles.push({
      id: h.id,
      type: "source",
      position: Position.Right,
      x: width - HANDLE / 2,
      y: centre - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    });
  });
  return { width, height, handles };
}

const estimated = new WeakMap<CanvasNode, CanvasNode>();

/**
 * The node React Flow should get: itself once measured, else a copy carrying the estimate as its
 * measured size and handles. Copies are cached per node object, so an unchanged node keeps its
 * identity between renders and React Flow skips it.
 */
export function withEstimate(node: CanvasNode): CanvasNode {
  if (node.measured?.width !== undefined && node.measured.height !== undefined) return node;
  let copy = estimated.get(node);
  if (!copy) {
    const { width, height, handles } = estimateNode(node);
    copy = { ...node, measured: { width, height }, handles };
    estimated.set(node, copy);
  }
  return copy;
}
