"use client";
// The minimap for large graphs. React Flow's <MiniMap> renders one component per node, each with
// its own store subscription: on every drag frame 1,000 selectors run and React walks 1,000
// siblings to reach the one that moved. This one draws all nodes as one SVG path per colour,
// computed in a single store selector, and keeps React Flow's look (same classes, so canvas.css
// themes it) and its pan and zoom by dragging and scrolling the minimap (XYMinimap).
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { Panel, useStore, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { XYMinimap, type XYMinimapInstance } from "@xyflow/system";
import type { CanvasNode } from "./canvas-types";

const WIDTH = 150;
const HEIGHT = 100;
const OFFSET_SCALE = 5;

interface MinimapShape {
  /** `colour\tpath` lines, one per colour, for the nodes at rest: unchanged while a node is dragged. */
  paths: string;
  /** The same for the nodes being dragged: the only part that changes on a drag frame. */
  dragging: string;
  x: number;
  y: number;
  width: number;
  height: number;
  viewX: number;
  viewY: number;
  viewWidth: number;
  viewHeight: number;
}

type Internal = ReactFlowState["nodeLookup"] extends Map<string, infer N> ? N : never;

const rectOf = new WeakMap<object, string>();

/** An internal node object is replaced whenever the node changes, so its rectangle is cached on it. */
function rect(node: Internal): string {
  let r = rectOf.get(node);
  if (r === undefined) {
    const { x, y } = node.internals.positionAbsolute;
    const w = Math.round(node.measured.width ?? node.width ?? node.initialWidth ?? 0);
    const h = Math.round(node.measured.height ?? node.height ?? node.initialHeight ?? 0);
    r = `M${Math.round(x)} ${Math.round(y)}h${w}v${h}h${-w}z`;
    rectOf.set(node, r);
  }
  return r;
}

function paths(nodes: readonly Internal[], colorOf: (n: CanvasNode) => string): string {
  const byColour = new Map<string, string[]>();
  for (const node of nodes) {
    const colour = colorOf(node.internals.userNode as CanvasNode);
    const list = byColour.get(colour);
    if (list) list.push(rect(node));
    else byColour.set(colour, [rect(node)]);
  }
  return [...byColour].map(([colour, rects]) => `${colour}\t${rects.join("")}`).join("\n");
}

/**
 * A store selector with its own cache: the store runs it several times per drag frame, and the
 * nodes at rest (all but the dragged ones) are only re-drawn when one of them changes.
 */
function shapeSelector(colorOf: (n: CanvasNode) => string): (s: ReactFlowState) => MinimapShape {
  let resting: Internal[] = [];
  let restingPaths = "";
  let restingBounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  // The split into resting and moving nodes, for React Flow's `nodes` array it was made from: a
  // change of the view alone (every auto-pan frame) does not walk all nodes again. Every change of a
  // node reaches React Flow as a new `nodes` array (the editor's nodes are controlled).
  let splitFor: unknown = null;
  let still: Internal[] = [];
  let moving: Internal[] = [];
  return (s) => {
    if (s.nodes !== splitFor) {
      splitFor = s.nodes;
      still = [];
      moving = [];
      for (const node of s.nodeLookup.values()) {
        if (node.hidden) continue;
        (node.dragging ? moving : still).push(node);
      }
    }
    if (still !== resting && (still.length !== resting.length || still.some((n, i) => n !== resting[i]))) {
      resting = still;
      restingPaths = paths(still, colorOf);
      restingBounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
      for (const n of still) grow(restingBounds, n);
    }
    const zoom = s.transform[2];
    const view = { x: -s.transform[0] / zoom, y: -s.transform[1] / zoom, width: s.width / zoom, height: s.height / zoom };
    const b = {
      minX: Math.min(view.x, restingBounds.minX),
      minY: Math.min(view.y, restingBounds.minY),
      maxX: Math.max(view.x + view.width, restingBounds.maxX),
      maxY: Math.max(view.y + view.height, restingBounds.maxY),
    };
    for (const n of moving) grow(b, n);
    return {
      paths: restingPaths,
      dragging: moving.length ? paths(moving, colorOf) : "",
      x: b.minX,
      y: b.minY,
      width: b.maxX - b.minX,
      height: b.maxY - b.minY,
      viewX: view.x,
      viewY: view.y,
      viewWidth: view.width,
      viewHeight: view.height,
    };
  };
}

function grow(b: { minX: number; minY: number; maxX: number; maxY: number }, node: Internal): void {
  const { x, y } = node.internals.positionAbsolute;
  b.minX = Math.min(b.minX, x);
  b.minY = Math.min(b.minY, y);
  b.maxX = Math.max(b.maxX, x + (node.measured.width ?? node.width ?? node.initialWidth ?? 0));
  b.maxY = Math.max(b.maxY, y + (node.measured.height ?? node.height ?? node.initialHeight ?? 0));
}

/** While nodes are dragged, the minimap is re-drawn at most this often (it is 150 px wide). */
const DRAG_REDRAW_MS = 100;

/**
 * Equality for the store subscription, throttled while a drag runs: a drag (and its auto-pan) moves
 * the dragged node and the view on every frame, and re-drawing the minimap for each would re-render
 * it and re-paint its paths in every frame. While dragging it follows every DRAG_REDRAW_MS; the drop
 * (no node dragging any more) is always drawn.
 */
function throttledSameShape(): (a: MinimapShape, b: MinimapShape) => boolean {
  let drawnAt = 0;
  return (a, b) => {
    if (sameShape(a, b)) return true;
    const now = performance.now();
    if (b.dragging !== "" && now - drawnAt < DRAG_REDRAW_MS) return true;
    drawnAt = now;
    return false;
  };
}

const sameShape = (a: MinimapShape, b: MinimapShape) =>
  a.paths === b.paths &&
  a.dragging === b.dragging &&
  a.x === b.x &&
  a.y === b.y &&
  a.width === b.width &&
  a.height === b.height &&
  a.viewX === b.viewX &&
  a.viewY === b.viewY &&
  a.viewWidth === b.viewWidth &&
  a.viewHeight === b.viewHeight;

/** Memoized: the canvas re-renders on every change of the nodes, and this follows the store itself. */
export const LargeGraphMinimap = memo(function LargeGraphMinimap({
  nodeColor,
  ariaLabel,
}: {
  nodeColor: (n: CanvasNode) => string;
  ariaLabel: string;
}) {
  const store = useStoreApi<CanvasNode>();
  const svg = useRef<SVGSVGElement>(null);
  const selectShape = useMemo(() => shapeSelector(nodeColor), [nodeColor]);
  const [equalShape] = useState(throttledSameShape);
  const m = useStore(selectShape, equalShape);
  const panZoom = useStore((s) => s.panZoom);
  const flowWidth = useStore((s) => s.width);
  const flowHeight = useStore((s) => s.height);
  const translateExtent = useStore((s) => s.translateExtent);

  const viewScale = Math.max(m.width / WIDTH, m.height / HEIGHT);
  const viewScaleRef = useRef(viewScale);
  useEffect(() => {
    viewScaleRef.current = viewScale;
  }, [viewScale]);
  const minimap = useRef<XYMinimapInstance | null>(null);
  useEffect(() => {
    if (!svg.current || !panZoom) return;
    const instance = XYMinimap({
      domNode: svg.current,
      panZoom,
      getTransform: () => store.getState().transform,
      getViewScale: () => viewScaleRef.current,
    });
    minimap.current = instance;
    return () => {
      instance.destroy();
      minimap.current = null;
    };
  }, [panZoom, store]);
  useEffect(() => {
    minimap.current?.update({
      translateExtent,
      width: flowWidth,
      height: flowHeight,
      pannable: true,
      zoomable: true,
      zoomStep: 1,
      inversePan: false,
    });
  }, [panZoom, translateExtent, flowWidth, flowHeight]);

  const viewWidth = viewScale * WIDTH;
  const viewHeight = viewScale * HEIGHT;
  const offset = OFFSET_SCALE * viewScale;
  const x = m.x - (viewWidth - m.width) / 2 - offset;
  const y = m.y - (viewHeight - m.height) / 2 - offset;
  const width = viewWidth + offset * 2;
  const height = viewHeight + offset * 2;
  return (
    <Panel position="bottom-right" className="react-flow__minimap" data-testid="rf__minimap">
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${x} ${y} ${width} ${height}`}
        className="react-flow__minimap-svg"
        role="img"
        aria-label={ariaLabel}
        ref={svg}
      >
        <MinimapPaths paths={m.paths} />
        <MinimapPaths paths={m.dragging} />
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${width + offset * 2}v${height + offset * 2}h${-width - offset * 2}z M${m.viewX},${m.viewY}h${m.viewWidth}v${m.viewHeight}h${-m.viewWidth}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
});

/** One path per colour; memoized so the resting nodes' paths are not re-set on a drag frame. */
const MinimapPaths = memo(function MinimapPaths({ paths }: { paths: string }) {
  if (!paths) return null;
  return paths.split("\n").map((line) => {
    const [colour, d] = line.split("\t");
    return d ? <path key={colour} d={d} style={{ fill: colour }} className="react-flow__minimap-node" shapeRendering="crispEdges" /> : null;
  });
});
