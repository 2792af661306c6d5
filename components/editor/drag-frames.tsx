"use client";
// Drag frames straight to React Flow (see EditorStore.attachDragSink): the moved nodes replace their
// entries in the nodes React Flow already has, so it adopts them (unchanged nodes are skipped by
// identity) without the editor canvas re-rendering. Rendered inside the canvas, where React Flow's
// store is reachable.
import { useEffect } from "react";
import { useStoreApi } from "@xyflow/react";
import type { CanvasEdge, CanvasNode } from "@/components/canvas/canvas-types";
import { withEstimate } from "@/components/canvas/node-estimate";
import type { EditorStore } from "./editor-store";

export function DragFrames({ store }: { store: EditorStore }) {
  const flow = useStoreApi<CanvasNode, CanvasEdge>();
  useEffect(
    () =>
      store.attachDragSink((moved) => {
        const { nodes, setNodes } = flow.getState();
        // A dragged node is mounted and measured, so withEstimate returns it as it is; it is applied
        // for the same nodes the canvas would have given React Flow.
        const byId = new Map(moved.map((n) => [n.id, withEstimate(n)]));
        setNodes(nodes.map((n) => byId.get(n.id) ?? n));
      }),
    [store, flow],
  );
  return null;
}
