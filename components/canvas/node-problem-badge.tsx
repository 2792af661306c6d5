"use client";
import { AlertTriangle, CircleAlert } from "lucide-react";
import { cn } from "@/lib/utils";
import type { NodeProblemSummary } from "./canvas-types";

/** Count of validation problems on a node; the messages are in its title and accessible name. */
export function NodeProblemBadge({ problems }: { problems: NodeProblemSummary | undefined }) {
  if (!problems || problems.errors + problems.warnings === 0) return null;
  const isError = problems.errors > 0;
  const count = isError ? problems.errors : problems.warnings;
  const Icon = isError ? CircleAlert : AlertTriangle;
  const label = `${count} ${isError ? "error" : "warning"}${count === 1 ? "" : "s"}`;
  return (
    <span
      data-slot="node-problem-badge"
      role="img"
      aria-label={`${label}: ${problems.messages.join("; ")}`}
      title={problems.messages.join("\n")}
      className={cn(
        "inline-flex h-5 items-center gap-1 rounded-full border px-1.5 text-[11px] font-medium shadow-sm",
        isError ? "border-destructive/40 bg-background text-destructive" : "border-status-waiting/40 bg-background text-status-waiting",
      )}
    >
      <Icon className="size-3" aria-hidden />
      {count}
    </span>
  );
}
