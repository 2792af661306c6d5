// Where the editor opens: computed from the graph before the canvas mounts, so the first frame
// already shows the right place and a large graph mounts only the nodes in that view.
import { getViewportForBounds, type Viewport } from "@xyflow/react";
import type { CanvasNode } from "./canvas-types";
import { withEstimate } from "./node-estimate";

/** Opening a large workflow keeps nodes readable; the minimap and "F" show the whole graph. */
export const INITIAL_MIN_ZOOM = 0.65;
const PADDING = 0.2;

/** Fit the whole graph when it stays readable (zoom ≥ 0.65, at most 1), else show its left end at 0.65. */
export function initialViewport(nodes: readonly CanvasNode[], size: { width: number; height: number }): Viewport {
  if (nodes.length === 0 || size.width <= 0 || size.height <= 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    // Measured nodes keep their size; the others get the same estimate the canvas gives them.
    const { width = 0, height = 0 } = withEstimate(node).measured ?? {};
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + width);
    maxY = Math.max(maxY, node.position.y + height);
  }
  const bounds = { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  const fit = Math.min(size.width / (bounds.width * (1 + 2 * PADDING) || 1), size.height / (bounds.height * (1 + 2 * PADDING) || 1), 1);
  if (fit >= INITIAL_MIN_ZOOM) return getViewportForBounds(bounds, size.width, size.height, INITIAL_MIN_ZOOM, 1, PADDING);
  return {
    x: 48 - bounds.x * INITIAL_MIN_ZOOM,
    y: size.height / 2 - (bounds.y + bounds.height / 2) * INITIAL_MIN_ZOOM,
    zoom: INITIAL_MIN_ZOOM,
  };
}
