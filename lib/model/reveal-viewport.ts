// Which viewport brings a node into the part of the canvas that nothing covers (e.g. above the
// tablet inspector sheet). Pure: the editor passes the node in flow coordinates, the viewport
// and the uncovered area in canvas pixels.
import type { Box } from "./node-placement";

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * `null` when the node, with `margin` pixels around it, already lies inside `area`; otherwise the
 * viewport (same zoom) that puts the node's centre at the centre of `area`.
 */
export function revealViewport(node: Box, viewport: Viewport, area: Box, margin = 16): Viewport | null {
  const { zoom } = viewport;
  const left = node.x * zoom + viewport.x;
  const top = node.y * zoom + viewport.y;
  const right = left + node.width * zoom;
  const bottom = top + node.height * zoom;
  const inside =
    left >= area.x + margin && top >= area.y + margin && right <= area.x + area.width - margin && bottom <= area.y + area.height - margin;
  if (inside) return null;
  return {
    x: area.x + area.width / 2 - (node.x + node.width / 2) * zoom,
    y: area.y + area.height / 2 - (node.y + node.height / 2) * zoom,
    zoom,
  };
}
