"use client";
// A read-only view of a workflow graph with an optional per-node run status overlay. Used by the
// version preview and by run monitoring; it holds no editor state.
import { useMemo } from "react";
import { ReactFlowProvider, type NodeMouseHandler } from "@xyflow/react";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { graphToFlow } from "@/lib/model/flow-conversion";
import { cn } from "@/lib/utils";
import type { CanvasNode, NodeRunStatus } from "./canvas-types";
import { WorkflowCanvas } from "./workflow-canvas";

export interface WorkflowGraphViewProps {
  graph: DraftGraph;
  statusByNodeId?: Record<string, NodeRunStatus>;
  /** Highlighted node (e.g. the step whose details are open). */
  selectedNodeId?: string | null;
  onNodeClick?: (nodeId: string) => void;
  className?: string;
  showMinimap?: boolean;
}

export function WorkflowGraphView({
  graph,
  statusByNodeId,
  selectedNodeId,
  onNodeClick,
  className,
  showMinimap = false,
}: WorkflowGraphViewProps) {
  const flow = useMemo(() => graphToFlow(graph), [graph]);
  const nodes = useMemo(() => flow.nodes.map((n) => ({ ...n, selected: n.id === selectedNodeId })) as CanvasNode[], [flow, selectedNodeId]);
  const handleClick: NodeMouseHandler<CanvasNode> = (_, node) => onNodeClick?.(node.id);
  return (
    <div className={cn("h-full min-h-64 w-full", className)}>
      <ReactFlowProvider>
        <WorkflowCanvas
          readOnly
          nodes={nodes}
          edges={flow.edges}
          statusByNodeId={statusByNodeId}
          onNodeClick={handleClick}
          fitView
          fitViewOptions={{ padding: 0.15 }}
          nodesFocusable={!!onNodeClick}
          showMinimap={showMinimap}
        />
      </ReactFlowProvider>
    </div>
  );
}
