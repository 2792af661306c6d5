// A run's outcome beside its status: "Succeeded · rejected" tells a rejected loan from an approved one.
// The engine's own outcomes (rejected, timed_out) are toned as warnings; End nodes' names are neutral.
import { FlagIcon } from "lucide-react";
import { cn } from "@/lib/utils";

const WARN = new Set(["rejected", "timed_out"]);

export function OutcomeBadge({ outcome, className }: { outcome: string | null; className?: string }) {
  if (!outcome) return null;
  return (
    <span
      data-slot="outcome-badge"
      data-outcome={outcome}
      title={`Outcome: ${outcome}`}
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium",
        WARN.has(outcome) ? "border-status-waiting/30 bg-status-waiting/10 text-status-waiting" : "border-border bg-muted text-foreground",
        className,
      )}
    >
      <FlagIcon aria-hidden className="size-3" />
      <span className="sr-only">Outcome: </span>
      {outcome.replace(/_/g, " ")}
    </span>
  );
}
