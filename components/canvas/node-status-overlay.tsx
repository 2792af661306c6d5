"use client";
// The run view's per-node overlay: a status badge (with retry attempt and loop iterations) in the
// node's corner; the node border takes the status colour through `data-run-status` (canvas.css).
import { StatusBadge, statusStyles, isStatus } from "@/components/ui/status-badge";
import type { NodeRunStatus } from "./canvas-types";

export function NodeStatusOverlay({ status }: { status: NodeRunStatus | undefined }) {
  if (!status) return null;
  const extras = [
    status.attempt && status.attempt > 1 ? `attempt ${status.attempt}` : null,
    status.iterations !== undefined ? `${status.iterations} iteration${status.iterations === 1 ? "" : "s"}` : null,
  ].filter((x): x is string => x !== null);
  const base = isStatus(status.status) ? statusStyles[status.status].label : status.status.replace(/_/g, " ");
  return (
    <StatusBadge
      status={status.status}
      data-slot="node-run-status"
      className="bg-background shadow-sm"
      label={extras.length ? `${base} · ${extras.join(" · ")}` : base}
    />
  );
}
