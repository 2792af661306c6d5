"use client";
import { useSyncExternalStore } from "react";
import { AlertTriangle, Check, CloudOff, LoaderCircle, PencilLine } from "lucide-react";
import { cn } from "@/lib/utils";
import type { Autosave, SaveStatus } from "./autosave";

export function useSaveStatus(autosave: Autosave): SaveStatus {
  return useSyncExternalStore(autosave.subscribe, autosave.getStatus, autosave.getStatus);
}

const view = {
  saved: { label: "Saved", icon: Check, className: "text-muted-foreground" },
  dirty: { label: "Unsaved changes", icon: PencilLine, className: "text-muted-foreground" },
  saving: { label: "Saving…", icon: LoaderCircle, className: "text-muted-foreground" },
  error: { label: "Not saved — retrying", icon: CloudOff, className: "text-destructive" },
  conflict: { label: "Conflict", icon: AlertTriangle, className: "text-destructive" },
} as const;

/** "Saving… / Saved / Conflict" next to the workflow name (a polite live region). */
export function SaveIndicator({ status }: { status: SaveStatus }) {
  const v = view[status.state];
  const Icon = v.icon;
  return (
    <span
      role="status"
      aria-live="polite"
      data-save-state={status.state}
      className={cn("inline-flex items-center gap-1.5 text-xs whitespace-nowrap", v.className)}
      title={status.error ?? v.label}
    >
      <Icon className={cn("size-3.5", status.state === "saving" && "animate-spin")} aria-hidden />
      {/* Below lg the icon stands alone (the label is still announced), so the toolbar fits at 768 px. */}
      <span className="sr-only lg:not-sr-only">{v.label}</span>
    </span>
  );
}
