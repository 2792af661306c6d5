// Where the auto-pan probes (autopan-profile.ts, autopan-trace.ts) grab a node: the first card fully
// inside the left 60 % of the canvas whose header (not a handle) is hit at that point.
import type { Page } from "playwright";

export interface DragStart {
  x: number;
  y: number;
  /** The canvas's right edge: dragging past it makes React Flow auto-pan. */
  right: number;
}

export async function dragStart(page: Page): Promise<DragStart> {
  const start = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane")!.getBoundingClientRect();
    for (const el of document.querySelectorAll<HTMLElement>(".react-flow__node")) {
      const r = el.getBoundingClientRect();
      if (r.left > pane.left + 40 && r.right < pane.left + pane.width * 0.6 && r.top > pane.top + 40 && r.bottom < pane.bottom - 40) {
        const x = r.left + r.width / 2;
        const y = r.top + Math.min(14, r.height / 2);
        const hit = document.elementFromPoint(x, y);
        if (hit && el.contains(hit) && !hit.closest(".react-flow__handle")) return { x, y, right: pane.right };
      }
    }
    return null;
  });
  if (!start) throw new Error("no node to drag");
  return start;
}
