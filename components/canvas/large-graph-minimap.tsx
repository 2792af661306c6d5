"use client";
// The minimap for large graphs. React Flow's <MiniMap> renders one component per node, each with
// its own store subscription: on every drag frame 1,000 selectors run and React walks 1,000
// siblings to reach the one that moved. This one draws all nodes as one SVG path per colour,
// computed in a single store selector, and keeps React Flow's look (same classes, so canvas.css
// themes it) and its pan and zoom by dragging and scrolling the minimap (XYMinimap).
import { useEffect, useRef } from "react";
import { Panel, useStore, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { XYMinimap, type XYMinimapInstance } from "@xyflow/system";
import type { CanvasNode } from "./canvas-types";

const WIDTH = 200;
const HEIGHT = 150;
const OFFSET_SCALE = 5;

interface MinimapShape {
  /** `colour\tpath` lines, one per colour: a string, so an unchanged picture compares equal. */
  paths: string;
  x: number;
  y: number;
  width: number;
  height: number;
  viewX: number;
  viewY: number;
  viewWidth: number;
  viewHeight: number;
}

const rectOf = new WeakMap<object, string>();

function shape(s: ReactFlowState, colorOf: (n: CanvasNode) => string): MinimapShape {
  const zoom = s.transform[2];
  const view = { x: -s.transform[0] / zoom, y: -s.transform[1] / zoom, width: s.width / zoom, height: s.height / zoom };
  let minX = view.x;
  let minY = view.y;
  let maxX = view.x + view.width;
  let maxY = view.y + view.height;
  const byColour = new Map<string, string[]>();
  for (const node of s.nodeLookup.values()) {
    if (node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    const w = node.measured.width ?? node.width ?? node.initialWidth ?? 0;
    const h = node.measured.height ?? node.height ?? node.initialHeight ?? 0;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + w);
    maxY = Math.max(maxY, y + h);
    // An internal node object is replaced whenever the node changes, so its rectangle is cached on it.
    let rect = rectOf.get(node);
    if (rect === undefined) {
      rect = `M${Math.round(x)} ${Math.round(y)}h${Math.round(w)}v${Math.round(h)}h${-Math.round(w)}z`;
      rectOf.set(node, rect);
    }
    const colour = colorOf(node.internals.userNode as CanvasNode);
    const list = byColour.get(colour);
    if (list) list.push(rect);
    else byColour.set(colour, [rect]);
  }
  const paths = [...byColour].map(([colour, rects]) => `${colour}\t${rects.join("")}`).join("\n");
  return { paths, x: minX, y: minY, width: maxX - minX, height: maxY - minY, viewX: view.x, viewY: view.y, viewWidth: view.width, viewHeight: view.height };
}

const sameShape = (a: MinimapShape, b: MinimapShape) =>
  a.paths === b.paths &&
  a.x === b.x &&
  a.y === b.y &&
  a.width === b.width &&
  a.height === b.height &&
  a.viewX === b.viewX &&
  a.viewY === b.viewY &&
  a.viewWidth === b.viewWidth &&
  a.viewHeight === b.viewHeight;

export function LargeGraphMinimap({ nodeColor, ariaLabel }: { nodeColor: (n: CanvasNode) => string; ariaLabel: string }) {
  const store = useStoreApi<CanvasNode>();
  const svg = useRef<SVGSVGElement>(null);
  const m = useStore((s) => shape(s, nodeColor), sameShape);
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
    const instance = XYMinimap({ domNode: svg.current, panZoom, getTransform: () => store.getState().transform, getViewScale: () => viewScaleRef.current });
    minimap.current = instance;
    return () => {
      instance.destroy();
      minimap.current = null;
    };
  }, [panZoom, store]);
  useEffect(() => {
    minimap.current?.update({ translateExtent, width: flowWidth, height: flowHeight, pannable: true, zoomable: true, zoomStep: 1, inversePan: false });
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
      <svg width={WIDTH} height={HEIGHT} viewBox={`${x} ${y} ${width} ${height}`} className="react-flow__minimap-svg" role="img" aria-label={ariaLabel} ref={svg}>
        {m.paths.split("\n").map((line) => {
          const [colour, d] = line.split("\t");
          return d ? <path key={colour} d={d} style={{ fill: colour }} className="react-flow__minimap-node" shapeRendering="crispEdges" /> : null;
        })}
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${width + offset * 2}v${height + offset * 2}h${-width - offset * 2}z M${m.viewX},${m.viewY}h${m.viewWidth}v${m.viewHeight}h${-m.viewWidth}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
}
