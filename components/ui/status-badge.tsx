import * as React from "react";
import {
  BanIcon,
  CircleAlertIcon,
  CircleCheckIcon,
  CircleDashedIcon,
  CircleXIcon,
  ClockIcon,
  HourglassIcon,
  LoaderCircleIcon,
  RotateCcwIcon,
  ShieldCheckIcon,
  SkipForwardIcon,
  Undo2Icon,
  type LucideIcon,
} from "lucide-react";

import { cn } from "@/lib/utils";

/** Step statuses plus the extra run-level ones (queued, compensating, compensation_failed). */
export type Status =
  | "pending"
  | "queued"
  | "running"
  | "waiting"
  | "succeeded"
  | "failed"
  | "skipped"
  | "cancelled"
  | "compensating"
  | "compensated"
  | "compensation_failed"
  /** A step failure an error edge took: the workflow handled it. */
  | "handled";

type StatusStyle = { label: string; icon: LucideIcon; className: string; spin?: boolean };

// Full class strings so Tailwind can see them.
const tone = {
  pending: "border-status-pending/30 bg-status-pending/10 text-status-pending",
  running: "border-status-running/30 bg-status-running/10 text-status-running",
  waiting: "border-status-waiting/30 bg-status-waiting/10 text-status-waiting",
  succeeded: "border-status-succeeded/30 bg-status-succeeded/10 text-status-succeeded",
  failed: "border-status-failed/30 bg-status-failed/10 text-status-failed",
  skipped: "border-status-skipped/30 bg-status-skipped/10 text-status-skipped",
  cancelled: "border-status-cancelled/30 bg-status-cancelled/10 text-status-cancelled",
  compensated: "border-status-compensated/30 bg-status-compensated/10 text-status-compensated",
  handled: "border-status-handled/30 bg-status-handled/10 text-status-handled",
} as const;

export const statusStyles: Record<Status, StatusStyle> = {
  pending: { label: "Pending", icon: CircleDashedIcon, className: tone.pending },
  queued: { label: "Queued", icon: ClockIcon, className: tone.pending },
  running: { label: "Running", icon: LoaderCircleIcon, className: tone.running, spin: true },
  waiting: { label: "Waiting", icon: HourglassIcon, className: tone.waiting },
  succeeded: { label: "Succeeded", icon: CircleCheckIcon, className: tone.succeeded },
  failed: { label: "Failed", icon: CircleXIcon, className: tone.failed },
  skipped: { label: "Skipped", icon: SkipForwardIcon, className: tone.skipped },
  cancelled: { label: "Cancelled", icon: BanIcon, className: tone.cancelled },
  compensating: {
    label: "Compensating",
    icon: RotateCcwIcon,
    className: tone.compensated,
    spin: true,
  },
  compensated: { label: "Compensated", icon: Undo2Icon, className: tone.compensated },
  compensation_failed: {
    label: "Compensation failed",
    icon: CircleAlertIcon,
    className: tone.failed,
  },
  handled: { label: "Handled", icon: ShieldCheckIcon, className: tone.handled },
};

export function isStatus(value: string): value is Status {
  return Object.prototype.hasOwnProperty.call(statusStyles, value);
}

/** Solid dot colour per status, for timelines / graph nodes. */
export const statusDotClass: Record<Status, string> = {
  pending: "bg-status-pending",
  queued: "bg-status-pending",
  running: "bg-status-running",
  waiting: "bg-status-waiting",
  succeeded: "bg-status-succeeded",
  failed: "bg-status-failed",
  skipped: "bg-status-skipped",
  cancelled: "bg-status-cancelled",
  compensating: "bg-status-compensated",
  compensated: "bg-status-compensated",
  compensation_failed: "bg-status-failed",
  handled: "bg-status-handled",
};

function StatusBadge({
  status,
  label,
  hideIcon = false,
  className,
  ...props
}: Omit<React.ComponentProps<"span">, "children"> & {
  /** Unknown strings render neutrally with their raw value. */
  status: Status | (string & {});
  /** Override the visible text (defaults to the status name). */
  label?: React.ReactNode;
  hideIcon?: boolean;
}) {
  const style: StatusStyle = isStatus(status)
    ? statusStyles[status]
    : { label: status.replace(/_/g, " "), icon: CircleDashedIcon, className: tone.pending };
  const Icon = style.icon;
  return (
    <span
      data-slot="status-badge"
      data-status={status}
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium",
        style.className,
        className,
      )}
      {...props}
    >
      {!hideIcon && <Icon aria-hidden className={cn("size-3", style.spin && "animate-spin")} />}
      {label ?? style.label}
    </span>
  );
}

export { StatusBadge };
