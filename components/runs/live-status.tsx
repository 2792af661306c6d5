"use client";
import { cn } from "@/lib/utils";
import type { StreamStatus } from "./use-event-stream";

const LABEL: Record<StreamStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline — retrying",
};

/** Small indicator of the live-update connection (polite live region: changes are announced). */
export function LiveStatus({ status, className }: { status: StreamStatus; className?: string }) {
  return (
    <span
      role="status"
      aria-live="polite"
      data-live-status={status}
      className={cn("inline-flex items-center gap-1.5 text-xs text-muted-foreground", className)}
    >
      <span
        aria-hidden
        className={cn(
          "size-2 rounded-full",
          status === "live" ? "bg-status-succeeded" : status === "offline" ? "bg-status-failed" : "animate-pulse bg-status-waiting",
        )}
      />
      {LABEL[status]}
    </span>
  );
}
