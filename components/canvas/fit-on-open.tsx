"use client";
// Opens a workflow fitted to view: once every node is measured (and the side panels have taken
// their remembered widths), the whole graph is fitted into the canvas. Large graphs keep the
// readable first view initial-viewport.ts chose, so they still mount only what is on screen.
import { useEffect, useRef } from "react";
import { useNodesInitialized, useReactFlow, useStore } from "@xyflow/react";
import { VIRTUALIZE_FROM } from "./node-estimate";

export const FIT_PADDING = 0.15;

export function FitOnOpen() {
  const flow = useReactFlow();
  const initialized = useNodesInitialized();
  const count = useStore((s) => s.nodeLookup.size);
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !initialized) return;
    done.current = true;
    if (count > 0 && count < VIRTUALIZE_FROM) void flow.fitView({ padding: FIT_PADDING, maxZoom: 1 });
  }, [initialized, count, flow]);
  return null;
}
