"use client";
// While a connection is being dragged over a handle it may not join, say why (the same rule
// `isValidConnection` refuses it with).
import { Panel, useConnection } from "@xyflow/react";
import { Ban } from "lucide-react";
import type { ConnectionAttempt } from "@/lib/model/graph-edit";

export function ConnectionHint({ explain }: { explain: (c: ConnectionAttempt) => string | null }) {
  const connection = useConnection();
  if (!connection.inProgress || !connection.toNode || !connection.toHandle) return null;
  const fromSource = connection.fromHandle.type === "source";
  const attempt: ConnectionAttempt = fromSource
    ? {
        source: connection.fromNode.id,
        sourceHandle: connection.fromHandle.id,
        target: connection.toNode.id,
        targetHandle: connection.toHandle.id,
      }
    : {
        source: connection.toNode.id,
        sourceHandle: connection.toHandle.id,
        target: connection.fromNode.id,
        targetHandle: connection.fromHandle.id,
      };
  const reason =
    connection.toHandle.type === connection.fromHandle.type
      ? fromSource
        ? "Connect an output to an input on the left of a node."
        : "Connect an input to an output on the right of a node."
      : explain(attempt);
  if (!reason) return null;
  return (
    <Panel position="top-center">
      <p
        role="status"
        data-slot="connection-hint"
        className="flex items-center gap-2 rounded-md border border-destructive/40 bg-background px-3 py-1.5 text-sm text-destructive shadow-sm"
      >
        <Ban className="size-4" aria-hidden />
        {reason}
      </p>
    </Panel>
  );
}
