"use client";
// Node text stays readable when zoomed out. The card's smallest text is 11 px, so below zoom 1 it
// would render under 11 px: the canvas then switches to a compact rendering (canvas.css), a layer
// over each card with its icon and name sized to render at 12 px, output labels scaled to 11 px
// while their 20 px rows have room (zoom ≥ 0.62, "small" hides them below), and the corner badges
// at their screen size. Under 0.3 the name would fit a few letters only, so the layer shows the
// icon (the name stays the node's accessible name).
// One subscription to React Flow's store for the whole canvas (its zoom, quantized) writing two
// attributes on the canvas element: no node re-renders and no card changes size (nothing is
// re-measured).
import { useLayoutEffect } from "react";
import { useStoreApi, type ReactFlowState } from "@xyflow/react";

/** Under this zoom the cards switch to the compact rendering. */
export const COMPACT_BELOW_ZOOM = 1;
/** Under this zoom an output label at 11 px on screen no longer fits its 20 px row: labels hide. */
export const LABELS_BELOW_ZOOM = 0.62;
/** Under this zoom the compact cards show their icon only. */
export const ICON_ONLY_BELOW_ZOOM = 0.3;

export type CompactLevel = "none" | "name" | "small" | "icon";

export function compactLevel(zoom: number): CompactLevel {
  if (zoom >= COMPACT_BELOW_ZOOM) return "none";
  if (zoom < ICON_ONLY_BELOW_ZOOM) return "icon";
  return zoom < LABELS_BELOW_ZOOM ? "small" : "name";
}

// Two decimals, rounded down: the sizes change in steps too small to see, the style is written about
// a hundred times over the whole zoom range (not on every frame of a zoom), and text sized from a
// zoom no larger than the real one never renders under its size.
const zoomOf = (s: ReactFlowState) => Math.floor(s.transform[2] * 100) / 100;

/** Marks the canvas element from a store subscription: renders nothing and never re-renders. */
export function CompactZoom() {
  const store = useStoreApi();
  useLayoutEffect(() => {
    let applied: { zoom: number; dom: HTMLElement } | null = null;
    const apply = (s: ReactFlowState) => {
      const zoom = zoomOf(s);
      const dom = s.domNode;
      if (!dom || (applied && applied.zoom === zoom && applied.dom === dom)) return;
      applied = { zoom, dom };
      const level = compactLevel(zoom);
      if (level === "none") {
        dom.removeAttribute("data-compact");
        dom.style.removeProperty("--sy-zoom");
      } else {
        dom.setAttribute("data-compact", level);
        dom.style.setProperty("--sy-zoom", String(Math.max(zoom, 0.05)));
      }
    };
    apply(store.getState());
    return store.subscribe(apply);
  }, [store]);
  return null;
}
