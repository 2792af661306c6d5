"use client";
// What an operator can do with a run, each saying what it will do before it does it: cancel (with
// what it stops), open the task a waiting step waits for, retry the failed steps in place (which
// steps, what is kept), and rerun from a step (a dialog: step, version, input).
import Link from "next/link";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { BanIcon, InboxIcon, RotateCcwIcon, StepForwardIcon } from "lucide-react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { shortId } from "@/lib/monitoring/format-run";
import type { StepSummary, TaskSummary } from "@/lib/monitoring/run-view-types";
import { cancelRun, retryRun, runKeys } from "@/lib/queries/runs";

const ACTIVE = new Set(["queued", "running", "waiting", "compensating"]);

export function RunControls({
  runId,
  status,
  steps,
  tasks,
  canControl,
  names,
  onRerun,
}: {
  runId: string;
  status: string;
  steps: StepSummary[];
  tasks: TaskSummary[];
  canControl: boolean;
  names: Record<string, string>;
  /** Opens the rerun dialog; absent when the graph could not be read. */
  onRerun?: () => void;
}) {
  const openTasks = tasks.filter((t) => t.status === "open");
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Run controls">
      {openTasks.map((t) => (
        <Link
          key={t.id}
          href={`/inbox/${t.id}`}
          className={buttonVariants({ variant: "outline", size: "sm" })}
          title={`Opens the task “${t.title}” in the inbox`}
        >
          <InboxIcon aria-hidden /> Open task: {t.title.length > 32 ? `${t.title.slice(0, 32)}…` : t.title}
        </Link>
      ))}
      {canControl && ACTIVE.has(status) && <CancelRun runId={runId} steps={steps} openTasks={openTasks.length} />}
      {canControl && status === "failed" && <RetryRun runId={runId} steps={steps} names={names} />}
      {canControl && !ACTIVE.has(status) && onRerun && (
        <Button variant="outline" size="sm" onClick={onRerun}>
          <StepForwardIcon aria-hidden /> Rerun from a step…
        </Button>
      )}
    </div>
  );
}

function RetryRun({ runId, steps, names }: { runId: string; steps: StepSummary[]; names: Record<string, string> }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const failed = steps.filter((s) => s.status === "failed").map((s) => names[s.nodeId] ?? s.stepKey);
  const cancelled = steps.filter((s) => s.status === "cancelled").length;
  const kept = steps.filter((s) => s.status === "succeeded" || s.status === "skipped").length;
  const go = async () => {
    setBusy(true);
    try {
      await retryRun(runId);
      toast.success(`Run ${shortId(runId)} resumed from its failed step${failed.length === 1 ? "" : "s"}`);
      setOpen(false);
      await qc.invalidateQueries({ queryKey: runKeys.view(runId) });
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Could not retry the run");
    } finally {
      setBusy(false);
    }
  };
  return (
    <AlertDialog open={open} onOpenChange={(o) => !busy && setOpen(o)}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm">
          <RotateCcwIcon aria-hidden /> Retry failed steps…
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Retry run {shortId(runId)} in place?</AlertDialogTitle>
          <AlertDialogDescription>
            {failed.length
              ? `${failed.join(", ")} ${failed.length === 1 ? "gets" : "get"} one more attempt`
              : "The run resumes where it stopped"}
            {cancelled
              ? `, ${cancelled} step${cancelled === 1 ? "" : "s"} the failure stopped ${cancelled === 1 ? "is" : "are"} picked up again`
              : ""}
            . {kept} completed step
            {kept === 1 ? " is" : "s are"} kept and not repeated. The run stays the same run (its history keeps the failure).
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>Leave it failed</AlertDialogCancel>
          <Button disabled={busy} onClick={() => void go()}>
            {busy && <Spinner />} Retry failed steps
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function CancelRun({ runId, steps, openTasks }: { runId: string; steps: StepSummary[]; openTasks: number }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const active = steps.filter((s) => s.status === "running" || s.status === "waiting" || s.status === "pending").length;
  const go = async () => {
    setBusy(true);
    try {
      await cancelRun(runId, reason.trim() || "Cancelled from the run view");
      toast.success(`Run ${shortId(runId)} cancelled`);
      setOpen(false);
      await qc.invalidateQueries({ queryKey: runKeys.view(runId) });
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Could not cancel the run");
    } finally {
      setBusy(false);
    }
  };
  return (
    <AlertDialog open={open} onOpenChange={(o) => !busy && setOpen(o)}>
      <AlertDialogTrigger asChild>
        <Button variant="destructive" size="sm">
          <BanIcon aria-hidden /> Cancel run…
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel run {shortId(runId)}?</AlertDialogTitle>
          <AlertDialogDescription>
            The run stops scheduling now.{" "}
            {active > 0 ? `${active} running or waiting step${active === 1 ? " is" : "s are"} cancelled` : "No step is running"}
            {openTasks > 0 ? ` and ${openTasks} open task${openTasks === 1 ? " is" : "s are"} closed` : ""}. Work already done stays done;
            this cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor="cancel-reason">Reason (recorded in the audit log)</Label>
          <Input
            id="cancel-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. wrong input"
            maxLength={500}
          />
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>Keep running</AlertDialogCancel>
          <Button variant="destructive" disabled={busy} onClick={() => void go()}>
            {busy && <Spinner />} Cancel run
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
