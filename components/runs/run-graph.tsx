"use client";
// The pinned version's graph, read-only, on the builder's canvas: each node shows its step's live
// state (attempt and iteration counts included) and the edges the run took are highlighted.
import "./run-graph.css";
import { useEffect, useMemo, useRef } from "react";
import { ReactFlowProvider, useNodesInitialized, useReactFlow, type NodeMouseHandler } from "@xyflow/react";
import type { CanvasNode, NodeRunStatus } from "@/components/canvas/canvas-types";
import { WorkflowCanvas } from "@/components/canvas/workflow-canvas";
import { cn } from "@/lib/utils";
import { nodeStates, takenEdges } from "@/lib/monitoring/node-states";
import type { StepSummary } from "@/lib/monitoring/run-view-types";
import type { DraftGraph } from "@/lib/workflow/draft-graph";
import { graphToFlow } from "@/lib/workflow/flow-conversion";

export function RunGraph({
  graph,
  steps,
  selectedNodeId,
  onNodeClick,
  className,
}: {
  graph: DraftGraph;
  steps: StepSummary[];
  selectedNodeId: string | null;
  onNodeClick: (nodeId: string) => void;
  className?: string;
}) {
  const flow = useMemo(() => graphToFlow(graph), [graph]);
  const status = useMemo(() => nodeStates(steps) as Record<string, NodeRunStatus>, [steps]);
  const taken = useMemo(() => takenEdges(graph.edges, steps), [graph, steps]);
  const moved = steps.length > 1;
  const nodes = useMemo(() => flow.nodes.map((n) => ({ ...n, selected: n.id === selectedNodeId })) as CanvasNode[], [flow, selectedNodeId]);
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

/** Fit the whole graph once every node has been measured (the initial fit can run before that). */
function FitWhenMeasured() {
  const ready = useNodesInitialized();
  const { fitView } = useReactFlow();
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    done.current = true;
    void fitView({ padding: 0.15 });
  }, [ready, fitView]);
  return null;
}
