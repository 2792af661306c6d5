import { cn } from "@/lib/utils";
import { LOW_CONFIDENCE } from "@/lib/inbox/task-list-params";

/** The agent's confidence (0..1) as a percentage; low values stand out. */
export function ConfidenceBadge({ value, className }: { value: number | null; className?: string }) {
  if (value === null) return null;
  const low = value < LOW_CONFIDENCE;
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md border px-1.5 py-0.5 text-xs font-medium tabular-nums",
        low
          ? "border-status-failed/30 bg-status-failed/10 text-status-failed"
          : "border-status-succeeded/30 bg-status-succeeded/10 text-status-succeeded",
        className,
      )}
      title={low ? "Low agent confidence" : "Agent confidence"}
    >
      {Math.round(value * 100)}% confident
    </span>
  );
}
