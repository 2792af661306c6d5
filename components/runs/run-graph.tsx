"use client";
// The pinned version's graph, read-only, on the builder's canvas: each node shows its step's live
// state (attempt and iteration counts included) and the edges the run took are highlighted.
import "./run-graph.css";
import { useEffect, useMemo, useRef, useState } from "react";
import {
  applyNodeChanges,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  type NodeChange,
  type NodeMouseHandler,
} from "@xyflow/react";
import type { CanvasNode, NodeRunStatus } from "@/components/canvas/canvas-types";
import { WorkflowCanvas } from "@/components/canvas/workflow-canvas";
import { cn } from "@/lib/utils";
import { nodeStates, takenEdges } from "@/lib/monitoring/node-states";
import type { StepSummary } from "@/lib/monitoring/run-view-types";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { graphToFlow } from "@/lib/model/flow-conversion";

export function RunGraph({
  graph,
  graphKey,
  steps,
  selectedNodeId,
  onNodeClick,
  className,
}: {
  graph: DraftGraph;
  /** Identity of the graph (the pinned version id): re-reads of the view return equal graphs as new objects. */
  graphKey: string;
  steps: StepSummary[];
  selectedNodeId: string | null;
  onNodeClick: (nodeId: string) => void;
  className?: string;
}) {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the version is immutable: same key, same graph
  const flow = useMemo(() => graphToFlow(graph), [graphKey]);
  // Node objects keep their measured size (React Flow reports it through onNodesChange), so fitting
  // the view and re-rendering with a new selection never lose it.
  const [measuredNodes, setMeasuredNodes] = useState<CanvasNode[]>(() => flow.nodes as CanvasNode[]);
  const [seenFlow, setSeenFlow] = useState(flow);
  if (seenFlow !== flow) {
    setSeenFlow(flow);
    setMeasuredNodes(flow.nodes as CanvasNode[]);
  }
  const onNodesChange = (changes: NodeChange<CanvasNode>[]) => {
    const dims = changes.filter((c) => c.type === "dimensions");
    if (dims.length) setMeasuredNodes((ns) => applyNodeChanges(dims, ns));
  };
  const status = useMemo(() => nodeStates(steps) as Record<string, NodeRunStatus>, [steps]);
  const taken = useMemo(() => takenEdges(graph.edges, steps), [graph, steps]);
  const moved = steps.length > 1;
  const nodes = useMemo(
    () => measuredNodes.map((n) => (Boolean(n.selected) === (n.id === selectedNodeId) ? n : { ...n, selected: n.id === selectedNodeId })),
    [measuredNodes, selectedNodeId],
  );
  const edges = useMemo(
    () =>
      flow.edges.map((e) => ({
        ...e,
        className: cn(e.className, taken.has(e.id) ? "sy-edge-taken" : moved && "sy-edge-idle"),
        animated: taken.has(e.id) && status[e.target]?.status === "running",
      })),
    [flow, taken, moved, status],
  );
  const handleClick: NodeMouseHandler<CanvasNode> = (_, node) => onNodeClick(node.id);
  return (
    <div className={cn("h-full min-h-80 w-full", className)} data-testid="run-graph">
      <ReactFlowProvider>
        <WorkflowCanvas
          readOnly
          nodes={nodes}
          onNodesChange={onNodesChange}
          edges={edges}
          statusByNodeId={status}
          onNodeClick={handleClick}
          fitView
          fitViewOptions={{ padding: 0.15 }}
          nodesFocusable
          showMinimap={graph.nodes.length > 20}
        >
          <FitWhenMeasured />
        </WorkflowCanvas>
      </ReactFlowProvider>
    </div>
  );
}

/**
 * Fit the whole graph once every node has been measured. React Flow's own initial fit can resolve
 * after the first measured node only, and the plain hook only updates on a nodes-prop change, so
 * the hook is asked to check the node lookup itself (includeHiddenNodes: true).
 */
function FitWhenMeasured() {
  const ready = useNodesInitialized({ includeHiddenNodes: true });
  const { fitView } = useReactFlow();
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    done.current = true;
    void fitView({ padding: 0.15 });
  }, [ready, fitView]);
  return null;
}
