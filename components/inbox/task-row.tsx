"use client";
import { memo } from "react";
import { AlarmClock, Users } from "lucide-react";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/lib/utils";
import type { TaskListItem, TaskStatus } from "@/lib/inbox/task-types";
import { ConfidenceBadge } from "./confidence-badge";
import { TaskStatusChip } from "./task-status-chip";
import { ageLabel, dueLabel } from "./task-time";

/** Markdown source → one line of plain text for the list. */
function plain(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`#>~|]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export interface RowOverlay {
  status: TaskStatus;
  by: string;
}

/** Bulk approve: the row's checkbox (absent when the task cannot be approved with others). */
export interface RowBulk {
  checked: boolean;
  /** Another approval step's tasks are selected. */
  disabled: boolean;
  onCheck: (id: string, checked: boolean) => void;
}

export const TaskRow = memo(function TaskRow({
  task,
  now,
  selected,
  overlay,
  onSelect,
  bulk,
}: {
  task: TaskListItem;
  now: number;
  selected: boolean;
  overlay: RowOverlay | undefined;
  onSelect: (id: string) => void;
  bulk?: RowBulk;
}) {
  const due = dueLabel(task.dueAtMs, now);
  const closed = overlay && overlay.status !== "open";
  return (
    <li className={cn(bulk && "flex items-start gap-0.5")}>
      {bulk && (
        // a 44 px touch target around the 16 px box
        <label
          className={cn(
            "flex size-11 shrink-0 items-center justify-center rounded-md",
            bulk.disabled ? "cursor-not-allowed" : "cursor-pointer hover:bg-accent",
          )}
          title={bulk.disabled ? "Select tasks of one approval step at a time" : undefined}
        >
          <Checkbox
            checked={bulk.checked}
            disabled={bulk.disabled}
            onCheckedChange={(c) => bulk.onCheck(task.id, c === true)}
            aria-label={`Select “${task.title}” for bulk approval`}
            data-testid="task-row-select"
          />
        </label>
      )}
      <button
        type="button"
        id={`task-row-${task.id}`}
        data-testid="task-row"
        data-task-id={task.id}
        aria-current={selected ? "true" : undefined}
        onClick={() => onSelect(task.id)}
        className={cn(
          "grid w-full min-w-0 gap-1 rounded-md border border-transparent px-3 py-2.5 text-left transition-colors outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50",
          selected && "border-primary/40 bg-accent",
          closed && "opacity-70",
        )}
      >
        <div className="flex items-start justify-between gap-2">
          <span className="line-clamp-1 font-medium">{task.title}</span>
          <span className="shrink-0 text-xs text-muted-foreground">{ageLabel(task.createdAtMs, now)}</span>
        </div>
        <div className="line-clamp-1 text-xs text-muted-foreground">
          {task.workflowName} · run <span className="font-mono">{task.runId.slice(0, 8)}</span>
        </div>
        {task.summary && <div className="line-clamp-2 text-sm text-muted-foreground">{plain(task.summary)}</div>}
        <div className="flex flex-wrap items-center gap-1.5 pt-0.5 text-xs">
          {closed ? (
            <>
              <TaskStatusChip status={overlay.status} />
              <span className="text-muted-foreground">by {overlay.by}</span>
            </>
          ) : (
            <>
              <span
                className={cn(
                  "inline-flex items-center gap-1",
                  due.overdue ? "font-medium text-status-failed" : due.soon ? "text-status-waiting" : "text-muted-foreground",
                )}
              >
                <AlarmClock className="size-3" aria-hidden />
                {due.text}
              </span>
              <ConfidenceBadge value={task.confidence} />
              {task.quorum > 1 && (
                <span className="rounded-md border px-1.5 py-0.5 text-muted-foreground">
                  {task.approvals}/{task.quorum} approvals
                </span>
              )}
              {task.myDecision && <span className="rounded-md border px-1.5 py-0.5 text-muted-foreground">You {task.myDecision}d</span>}
              {task.delegatedFrom.length > 0 && (
                <span className="rounded-md border px-1.5 py-0.5 text-muted-foreground" data-testid="task-row-delegated">
                  Delegated from {task.delegatedFrom.map((d) => d.label).join(", ")}
                </span>
              )}
              {task.claimedBy && (
                <span className="rounded-md border px-1.5 py-0.5 text-muted-foreground" data-testid="task-row-claim">
                  {task.claimedBy.mine ? "Claimed by you" : `Claimed by ${task.claimedBy.label}`}
                </span>
              )}
            </>
          )}
          <span className="ml-auto inline-flex items-center gap-1 text-muted-foreground">
            <Users className="size-3" aria-hidden />
            <span className="line-clamp-1">{task.assignees.map((a) => a.label).join(", ") || "Nobody"}</span>
          </span>
        </div>
      </button>
    </li>
  );
});
