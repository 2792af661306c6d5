"use client";
// The React Flow surface shared by the editor and the read-only views (version preview, run
// monitoring). It owns theming, the node types and per-node decorations; the caller owns state.
import "@xyflow/react/dist/style.css";
import "./canvas.css";
import { memo, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  type ReactFlowProps,
} from "@xyflow/react";
import { Map as MapIcon } from "lucide-react";
import { useTheme } from "next-themes";
import { isPhoneScreen } from "@/components/editor/narrow-screen";
import { cn } from "@/lib/utils";
import type { ConnectionAttempt } from "@/lib/model/graph-edit";
import { getNodeKind } from "@/lib/model/node-kinds";
import type { CanvasEdge, CanvasNode, NodeProblemSummary, NodeRunStatus } from "./canvas-types";
import { CompactZoom } from "./compact-zoom";
import { ConnectionHint } from "./connection-hint";
import { LargeGraphMinimap } from "./large-graph-minimap";
import { DecorationProvider } from "./decorations";
import { nodeTypes } from "./kind-nodes";
import { VIRTUALIZE_FROM, withEstimate } from "./node-estimate";
import { useStoredFlag } from "./use-stored-flag";

const minimapColor: Record<string, string> = {
  flow: "oklch(0.6 0.03 257)",
  logic: "oklch(0.6 0.18 277)",
  human: "oklch(0.75 0.15 75)",
  integration: "oklch(0.65 0.13 230)",
  ai: "oklch(0.62 0.2 300)",
};

const noopSubscribe = () => () => undefined;

// Props React Flow compares by reference: module constants, so a re-render does not reset them.
const SNAP_GRID: [number, number] = [16, 16];
const DEFAULT_EDGE_OPTIONS = { interactionWidth: 16 };
const DELETE_KEYS = ["Backspace", "Delete"];
const MULTI_SELECT_KEYS = ["Meta", "Control", "Shift"];

// Small, so it covers little of the canvas; it can be hidden from the controls.
const MINIMAP_STYLE = { width: 150, height: 100 };

const nodeColor = (n: CanvasNode) => (n.type ? (minimapColor[getNodeKind(n.type).category] ?? "#888") : "#888");

/**
 * Zoom, fit and the minimap toggle. Memoized: the canvas re-renders on every change of the nodes (each
 * frame of a drag), and React Flow's Controls would re-render with it for a new `children` element.
 */
const CanvasControls = memo(function CanvasControls({
  showMinimap,
  minimapHidden,
  setMinimapHidden,
}: {
  showMinimap: boolean;
  minimapHidden: boolean;
  setMinimapHidden: (hidden: boolean) => void;
}) {
  return (
    <Controls showInteractive={false} position="bottom-left">
      {showMinimap && (
        <ControlButton
          onClick={() => setMinimapHidden(!minimapHidden)}
          aria-label={minimapHidden ? "Show minimap" : "Hide minimap"}
          aria-pressed={!minimapHidden}
          title={minimapHidden ? "Show minimap" : "Hide minimap"}
        >
          <MapIcon aria-hidden style={{ fill: "none" }} />
        </ControlButton>
      )}
    </Controls>
  );
});

export interface WorkflowCanvasProps extends Omit<ReactFlowProps<CanvasNode, CanvasEdge>, "nodeTypes" | "children"> {
  readOnly?: boolean;
  problemsByNodeId?: Record<string, NodeProblemSummary>;
  /** Run monitoring overlay: status (and attempt / iterations) per node id. */
  statusByNodeId?: Record<string, NodeRunStatus>;
  /** Why a dragged connection is refused (shown while dragging). */
  explainConnection?: (c: ConnectionAttempt) => string | null;
  showMinimap?: boolean;
  children?: ReactNode;
}

export function WorkflowCanvas({
  readOnly = false,
  problemsByNodeId,
  statusByNodeId,
  explainConnection,
  showMinimap = true,
  className,
  children,
  nodes: userNodes,
  ...props
}: WorkflowCanvasProps) {
  const { resolvedTheme } = useTheme();
  // The theme is only known in the browser: render light first (as the server did), then switch.
  const mounted = useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  // Large graphs: only the nodes and edges on screen are mounted; the others are known to React
  // Flow by their estimated size until they scroll into view (node-estimate.ts).
  const virtualize = (userNodes?.length ?? 0) >= VIRTUALIZE_FROM;
  const nodes = useMemo(() => (virtualize && userNodes ? userNodes.map(withEstimate) : userNodes), [virtualize, userNodes]);
  // Smaller graphs mount every node: once all are measured, off-screen node cards stop being laid
  // out and painted (canvas.css). Not before: measuring a skipped card forces a layout of its own.
  const initialized = useNodesInitialized();
  const [settled, setSettled] = useState(false);
  if (initialized && !settled) setSettled(true);
  // On a phone a 150 × 100 minimap would cover half the canvas and its nodes: it starts hidden there.
  const [minimapHidden, setMinimapHidden] = useStoredFlag("switchyard.canvas.minimap-hidden", false, isPhoneScreen);
  return (
    <DecorationProvider problems={problemsByNodeId} status={statusByNodeId} readOnly={readOnly}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodeTypes={nodeTypes}
        colorMode={mounted && resolvedTheme === "dark" ? "dark" : "light"}
        className={cn("sy-canvas", settled && !virtualize && "sy-canvas-settled", className)}
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={SNAP_GRID}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        elementsSelectable
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onlyRenderVisibleElements={virtualize}
        nodes={nodes}
        {...props}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <CanvasControls showMinimap={showMinimap} minimapHidden={minimapHidden} setMinimapHidden={setMinimapHidden} />
        {showMinimap &&
          !minimapHidden &&
          (virtualize ? (
            <LargeGraphMinimap nodeColor={nodeColor} ariaLabel="Minimap" />
          ) : (
            <MiniMap pannable zoomable nodeColor={nodeColor} position="bottom-right" ariaLabel="Minimap" style={MINIMAP_STYLE} />
          ))}
        <CompactZoom />
        {explainConnection && !readOnly && <ConnectionHint explain={explainConnection} />}
        {children}
      </ReactFlow>
    </DecorationProvider>
  );
}
