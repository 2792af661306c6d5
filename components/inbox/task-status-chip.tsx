import { CheckCircle2, Clock, Ban, XCircle, CircleDot } from "lucide-react";
import { cn } from "@/lib/utils";
import type { TaskStatus } from "@/lib/inbox/task-types";

const styles: Record<TaskStatus, { label: string; icon: typeof Clock; className: string }> = {
  open: { label: "Open", icon: CircleDot, className: "border-status-waiting/30 bg-status-waiting/10 text-status-waiting" },
  approved: { label: "Approved", icon: CheckCircle2, className: "border-status-succeeded/30 bg-status-succeeded/10 text-status-succeeded" },
  rejected: { label: "Rejected", icon: XCircle, className: "border-status-failed/30 bg-status-failed/10 text-status-failed" },
  timed_out: { label: "Timed out", icon: Clock, className: "border-status-cancelled/30 bg-status-cancelled/10 text-status-cancelled" },
  cancelled: { label: "Cancelled", icon: Ban, className: "border-status-skipped/30 bg-status-skipped/10 text-status-skipped" },
};

export function TaskStatusChip({ status, className }: { status: TaskStatus; className?: string }) {
  const s = styles[status];
  const Icon = s.icon;
  return (
    <span
      className={cn("inline-flex items-center gap-1 rounded-md border px-1.5 py-0.5 text-xs font-medium", s.className, className)}
      data-testid="task-status"
    >
      <Icon className="size-3" aria-hidden />
      {s.label}
    </span>
  );
}
