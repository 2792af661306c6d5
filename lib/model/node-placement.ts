// Where a node added by click or keyboard goes: next to the selected node (to its right, else
// below it) or at the centre of the view, never over another node and inside the visible canvas.
// Pure: the editor passes node boxes and the visible area in flow coordinates.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacementInput {
  /** Bounding boxes of the nodes already on the canvas. */
  existing: readonly Box[];
  /** Size of the node being placed. */
  size: { width: number; height: number };
  /** The visible part of the canvas, in flow coordinates. */
  view: Box;
  /** The selected node, if any: the new node goes next to it. */
  anchor?: Box | null;
  /** Space kept free between nodes and from the view's edge. */
  gap?: number;
}

export interface Placement {
  x: number;
  y: number;
  /** False when no free spot fits inside the view: the spot is outside and the caller should bring it into view. */
  inView: boolean;
}

const STEP = 16;
const MAX_RINGS = 200;

function overlaps(x: number, y: number, w: number, h: number, boxes: readonly Box[], gap: number): boolean {
  for (const b of boxes) {
    if (x < b.x + b.width + gap && x + w + gap > b.x && y < b.y + b.height + gap && y + h + gap > b.y) return true;
  }
  return false;
}

function inside(x: number, y: number, w: number, h: number, view: Box, margin: number): boolean {
  return x >= view.x + margin && y >= view.y + margin && x + w <= view.x + view.width - margin && y + h <= view.y + view.height - margin;
}

/** The free spot nearest to `start` (grid rings around it), inside the view when `inView`. */
function nearestFree(start: { x: number; y: number }, input: Required<Omit<PlacementInput, "anchor">>, inView: boolean) {
  const { existing, size, view, gap } = input;
  const margin = Math.min(gap, Math.max(0, Math.min(view.width - size.width, view.height - size.height) / 2));
  for (let r = 0; r <= MAX_RINGS; r++) {
    let best: { x: number; y: number; d: number } | null = null;
    for (let i = -r; i <= r; i++) {
      for (let j = -r; j <= r; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== r) continue;
        const x = start.x + i * STEP;
        const y = start.y + j * STEP;
        if (inView && !inside(x, y, size.width, size.height, view, margin)) continue;
        if (overlaps(x, y, size.width, size.height, existing, gap)) continue;
        const d = i * i + j * j;
        if (!best || d < best.d) best = { x, y, d };
      }
    }
    if (best) return { x: best.x, y: best.y };
  }
  return null;
}

/** Where to put a new node: see the file comment. */
export function placeNode(input: PlacementInput): Placement {
  const gap = input.gap ?? 24;
  const { size, view, anchor } = input;
  const full = { existing: input.existing, size, view, gap };
  const margin = gap;
  const snap = (v: number) => Math.round(v / STEP) * STEP;

  const candidates: { x: number; y: number }[] = [];
  if (anchor) {
    candidates.push({ x: snap(anchor.x + anchor.width + gap * 2), y: snap(anchor.y) });
    candidates.push({ x: snap(anchor.x), y: snap(anchor.y + anchor.height + gap * 2) });
  }
  const centre = { x: snap(view.x + view.width / 2 - size.width / 2), y: snap(view.y + view.height / 2 - size.height / 2) };
  // A direct hit on a preferred spot wins; else search around the first preferred spot.
  for (const c of [...candidates, centre]) {
    if (inside(c.x, c.y, size.width, size.height, view, margin) && !overlaps(c.x, c.y, size.width, size.height, full.existing, gap)) {
      return { ...c, inView: true };
    }
  }
  const start = candidates[0] ?? centre;
  // Keep the search start inside the view so the rings grow over the visible area first.
  const clamped = {
    x: snap(Math.min(Math.max(start.x, view.x + margin), view.x + view.width - margin - size.width)),
    y: snap(Math.min(Math.max(start.y, view.y + margin), view.y + view.height - margin - size.height)),
  };
  const visible = nearestFree(clamped, full, true);
  if (visible) return { ...visible, inView: true };
  const outside = nearestFree(start, full, false);
  return { ...(outside ?? start), inView: false };
}
