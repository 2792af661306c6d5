"use client";
// A pin badge on every node whose output is pinned on the draft (test runs reuse the pinned output
// instead of running the node). Drawn in React Flow's viewport portal at each node's top-right
// corner, so node components stay unaware of pins and a pin change re-renders only the badges.
import { useQuery } from "@tanstack/react-query";
import { useInternalNode, ViewportPortal } from "@xyflow/react";
import { Pin } from "lucide-react";
import { pinsQuery } from "@/lib/queries/test-runs";

function PinBadge({ nodeId }: { nodeId: string }) {
  const node = useInternalNode(nodeId);
  if (!node) return null;
  const { x, y } = node.internals.positionAbsolute;
  const width = node.measured.width ?? node.width ?? 0;
  const name = (node.data as { name?: unknown } | undefined)?.name;
  return (
    <span
      role="img"
      aria-label={`${typeof name === "string" ? name : nodeId}: output pinned`}
      title="Output pinned: test runs reuse it instead of running this node"
      data-pinned-node={nodeId}
      className="pointer-events-auto absolute flex size-6 items-center justify-center rounded-full border-2 border-background bg-amber-500 text-white shadow"
      style={{ transform: `translate(${x + width - 12}px, ${y - 12}px)` }}
    >
      <Pin className="size-3.5" aria-hidden />
    </span>
  );
}

export function PinBadges({ workflowId }: { workflowId: string }) {
  const pins = useQuery(pinsQuery(workflowId));
  if (!pins.data?.length) return null;
  return (
    <ViewportPortal>
      {pins.data.map((p) => (
        <PinBadge key={p.nodeId} nodeId={p.nodeId} />
      ))}
    </ViewportPortal>
  );
}
