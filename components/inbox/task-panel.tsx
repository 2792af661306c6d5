"use client";
import { useQuery } from "@tanstack/react-query";
import { AlarmClock, ArrowRightLeft, Check, FileQuestion, PencilLine, ShieldAlert, X } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Kbd } from "@/components/ui/kbd";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { taskDetailQuery } from "@/lib/queries/tasks";
import { blockMessages } from "@/lib/inbox/task-access";
import { editFields } from "@/lib/inbox/edit-fields";
import type { TaskDetail } from "@/lib/inbox/task-types";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ConfidenceBadge } from "./confidence-badge";
import { ApproveDialog, RejectDialog } from "./decision-dialogs";
import { EditApproveDialog } from "./edit-approve-dialog";
import { PayloadView } from "./payload-view";
import { ReassignDialog } from "./reassign-dialog";
import { ClaimControl } from "./claim-control";
import { RunContext } from "./run-context";
import { SafeMarkdown } from "./safe-markdown";
import { TaskHistory } from "./task-history";
import { TaskStatusChip } from "./task-status-chip";
import { dueLabel } from "./task-time";
import { problemsOf, useTaskActions } from "./use-task-actions";

export type TaskDialog = "approve" | "reject" | "edit" | "reassign" | null;

function Section({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <section className={cn("grid gap-2", className)} aria-label={title}>
      <h2 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</h2>
      {children}
    </section>
  );
}

function closedBy(task: TaskDetail): string {
  const want = task.status === "approved" ? "approve" : "reject";
  const names = task.decisions.filter((d) => d.decision === want).map((d) => d.userName);
  return names.length ? names.join(", ") : "Switchyard";
}

function ClosedBanner({ task }: { task: TaskDetail }) {
  const verb = { approved: "Approved", rejected: "Rejected", timed_out: "Timed out", cancelled: "Cancelled", open: "" }[task.status];
  const who =
    task.status === "approved" || task.status === "rejected"
      ? ` by ${closedBy(task)}`
      : task.status === "cancelled"
        ? " (the run ended)"
        : " (no decision in time)";
  return (
    <Alert data-testid="task-closed-banner">
      <ShieldAlert aria-hidden />
      <AlertTitle>
        {verb}
        {who}
      </AlertTitle>
      <AlertDescription>
        This task was closed {task.decidedAtMs ? formatDateTime(task.decidedAtMs) : ""}; there is nothing left to decide.
      </AlertDescription>
    </Alert>
  );
}

export function TaskPanel({
  taskId,
  dialog,
  setDialog,
  onDecided,
}: {
  taskId: string;
  dialog: TaskDialog;
  setDialog: (d: TaskDialog) => void;
  onDecided: () => void;
}) {
  const q = useQuery(taskDetailQuery(taskId));
  if (q.isPending) {
    return (
      <div className="grid gap-3 p-6" aria-busy="true">
        <Skeleton className="h-7 w-2/3" />
        <Skeleton className="h-4 w-1/3" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (q.isError) {
    const gone = q.error instanceof ApiClientError && q.error.status === 404;
    return (
      <EmptyState
        className="m-6"
        icon={FileQuestion}
        title={gone ? "Task not found" : "Could not load this task"}
        description={gone ? "It may have been removed with its run. Pick another task from the list." : q.error.message}
        action={
          gone ? undefined : (
            <Button variant="outline" onClick={() => void q.refetch()}>
              Try again
            </Button>
          )
        }
      />
    );
  }
  return <TaskDetailView key={taskId} task={q.data.task} dialog={dialog} setDialog={setDialog} onDecided={onDecided} />;
}

function TaskDetailView({
  task,
  dialog,
  setDialog,
  onDecided,
}: {
  task: TaskDetail;
  dialog: TaskDialog;
  setDialog: (d: TaskDialog) => void;
  onDecided: () => void;
}) {
  const { decide, reassign, comment } = useTaskActions(task, () => {
    setDialog(null);
    onDecided();
  });
  const p = task.permissions;
  const editable = editFields(task.editableSchema).length > 0;
  const due = dueLabel(task.dueAtMs, task.now);
  const open = task.status === "open";
  const decideProblems = problemsOf(decide.error);

  return (
    <article
      className={cn("grid gap-6 p-4 lg:p-6", open && p.canDecide && "max-lg:pb-36")}
      aria-label={`Task ${task.title}`}
      data-testid="task-panel"
      data-task-status={task.status}
    >
      <header className="grid gap-2">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h2 className="text-xl font-semibold tracking-tight">{task.title}</h2>
          <TaskStatusChip status={task.status} />
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
          <span>{task.run.workflowName}</span>
          {open && (
            <span className={cn("inline-flex items-center gap-1", due.overdue && "font-medium text-status-failed")}>
              <AlarmClock className="size-3.5" aria-hidden />
              {due.text}
            </span>
          )}
          {task.quorum > 1 && (
            <span>
              {task.decisions.filter((d) => d.decision === "approve").length} of {task.quorum} approvals
            </span>
          )}
          {task.escalationLevel > 0 && <span>Escalated {task.escalationLevel}×</span>}
          <span>Assigned to {task.assignees.map((a) => a.label).join(", ") || "nobody"}</span>
        </div>
      </header>

      {!open && <ClosedBanner task={task} />}
      {open && <ClaimControl task={task} />}

      {open && p.canDecide && (
        <div className="grid gap-2">
          {/* On phones the decisions sit in a bar fixed to the bottom of the screen, reachable by the thumb
              whatever the length of the proposal above them. */}
          <div
            className="flex flex-wrap gap-2 max-lg:fixed max-lg:inset-x-0 max-lg:bottom-0 max-lg:z-20 max-lg:grid max-lg:grid-cols-2 max-lg:border-t max-lg:bg-background max-lg:p-3 max-lg:pb-[max(0.75rem,env(safe-area-inset-bottom))] max-lg:shadow-[0_-4px_12px_rgb(0_0_0/0.08)] max-lg:[&>button]:h-11"
            role="toolbar"
            aria-label="Decide"
            data-testid="decision-bar"
          >
            {/* One rule for button and key: both open the same confirmation (Enter confirms). */}
            <Button onClick={() => setDialog("approve")} disabled={decide.isPending}>
              {decide.isPending && decide.variables?.decision === "approve" && !decide.variables.payload ? (
                <Spinner />
              ) : (
                <Check aria-hidden />
              )}
              Approve
            </Button>
            {editable && (
              <Button variant="outline" onClick={() => setDialog("edit")} disabled={decide.isPending}>
                <PencilLine aria-hidden />
                Edit and approve
              </Button>
            )}
            <Button variant="outline" className="text-destructive" onClick={() => setDialog("reject")} disabled={decide.isPending}>
              <X aria-hidden />
              Reject
            </Button>
            {p.canReassign && (
              <Button variant="ghost" onClick={() => setDialog("reassign")}>
                <ArrowRightLeft aria-hidden />
                Reassign
              </Button>
            )}
          </div>
          <p className="text-xs text-muted-foreground max-lg:hidden" data-testid="keyboard-hint">
            Keyboard: <Kbd>j</Kbd>/<Kbd>k</Kbd> move · <Kbd>a</Kbd> approve · <Kbd>r</Kbd> reject
            {editable && (
              <>
                {" "}
                · <Kbd>e</Kbd> edit
              </>
            )}
          </p>
        </div>
      )}
      {open && !p.canDecide && p.blockedBy && (
        <Alert data-testid="task-blocked">
          <ShieldAlert aria-hidden />
          <AlertTitle>You cannot decide this task</AlertTitle>
          <AlertDescription>{blockMessages[p.blockedBy]}</AlertDescription>
          {p.canReassign && (
            <Button variant="outline" size="sm" className="mt-2 w-fit max-lg:h-11" onClick={() => setDialog("reassign")}>
              <ArrowRightLeft aria-hidden />
              Reassign
            </Button>
          )}
        </Alert>
      )}

      <Section title="Instructions">
        {task.instructions.trim() ? (
          <SafeMarkdown source={task.instructions} />
        ) : (
          <p className="text-sm text-muted-foreground">No instructions.</p>
        )}
      </Section>

      <Section title="Proposal">
        <PayloadView payload={task.payload} editableSchema={task.editableSchema} payloadHash={task.payloadHash} />
      </Section>

      {(task.rationale || task.confidence !== null) && (
        <Section title="Agent rationale">
          <div className="grid gap-2">
            <ConfidenceBadge value={task.confidence} />
            {task.rationale && <SafeMarkdown source={task.rationale} />}
          </div>
        </Section>
      )}

      <Section title="Run context">
        <RunContext run={task.run} />
      </Section>

      <Section title="Decisions and comments">
        <TaskHistory
          decisions={task.decisions}
          comments={task.comments}
          canComment={p.canComment}
          commenting={comment.isPending}
          onComment={(b) => comment.mutateAsync(b)}
        />
      </Section>

      {p.canDecide && open && (
        <>
          <ApproveDialog
            title={task.title}
            open={dialog === "approve"}
            onOpenChange={(o) => setDialog(o ? "approve" : null)}
            pending={decide.isPending}
            onConfirm={(c) => decide.mutate({ decision: "approve", ...(c ? { comment: c } : {}) })}
          />
          <RejectDialog
            title={task.title}
            open={dialog === "reject"}
            onOpenChange={(o) => setDialog(o ? "reject" : null)}
            pending={decide.isPending}
            onConfirm={(reason) => decide.mutate({ decision: "reject", comment: reason })}
          />
          {editable && (
            <EditApproveDialog
              task={task}
              open={dialog === "edit"}
              onOpenChange={(o) => {
                if (o) decide.reset();
                setDialog(o ? "edit" : null);
              }}
              pending={decide.isPending}
              serverProblems={decideProblems}
              onSubmit={(payload, c) => decide.mutate({ decision: "approve", payload, ...(c ? { comment: c } : {}) })}
            />
          )}
        </>
      )}
      {p.canReassign && (
        <ReassignDialog
          taskId={task.id}
          open={dialog === "reassign"}
          onOpenChange={(o) => setDialog(o ? "reassign" : null)}
          pending={reassign.isPending}
          onConfirm={(to, note) => reassign.mutate({ to, note }, { onSuccess: () => setDialog(null) })}
        />
      )}
    </article>
  );
}
