"use client";
// Who is working on a task assigned to a role: "Claim" (I am on it), "Release", or for admins "Take
// over" another reviewer's claim after a confirmation. The server decides what is allowed
// (permissions.claim); this only offers it and refreshes the task and the list afterwards.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Hand, UserCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { claimTask, releaseTask, taskKeys } from "@/lib/queries/tasks";
import type { TaskDetail } from "@/lib/inbox/task-types";
import { touchTargets } from "./touch-targets";

export function ClaimControl({ task }: { task: TaskDetail }) {
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const action = task.permissions.claim;
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: taskKeys.detail(task.id) }), qc.invalidateQueries({ queryKey: taskKeys.lists() })]);
  const mutation = useMutation({
    mutationFn: (kind: "claim" | "release" | "take_over") =>
      kind === "release"
        ? releaseTask(task.id, task.version)
        : claimTask(task.id, { expectedVersion: task.version, ...(kind === "take_over" ? { takeOver: true } : {}) }),
    onSuccess: async (_r, kind) => {
      toast.success(kind === "release" ? "Task released: others can claim it" : "You have claimed this task");
      await refresh();
    },
    onError: async (e) => {
      toast.error(e instanceof ApiClientError ? e.message : "Could not change the claim; try again.");
      await refresh();
    },
  });
  if (!task.claimedBy && action === null) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="claim-control">
      {task.claimedBy && (
        <span className="inline-flex items-center gap-1.5 rounded-md border px-2 py-1 text-muted-foreground" data-testid="claimed-by">
          <UserCheck className="size-4" aria-hidden />
          {task.claimedBy.mine ? "You have claimed this task" : `Claimed by ${task.claimedBy.label}`}
        </span>
      )}
      {action === "claim" && (
        <Button variant="outline" size="sm" onClick={() => mutation.mutate("claim")} disabled={mutation.isPending}>
          {mutation.isPending ? <Spinner /> : <Hand aria-hidden />}
          Claim
        </Button>
      )}
      {action === "release" && (
        <Button variant="ghost" size="sm" onClick={() => mutation.mutate("release")} disabled={mutation.isPending}>
          {mutation.isPending && <Spinner />}
          Release
        </Button>
      )}
      {action === "take_over" && (
        <>
          <Button variant="outline" size="sm" onClick={() => setConfirm(true)} disabled={mutation.isPending}>
            {mutation.isPending && <Spinner />}
            Take over
          </Button>
          <AlertDialog open={confirm} onOpenChange={setConfirm}>
            <AlertDialogContent className={touchTargets}>
              <AlertDialogHeader>
                <AlertDialogTitle>Take over this task?</AlertDialogTitle>
                <AlertDialogDescription>
                  {task.claimedBy?.label ?? "Another reviewer"} has claimed it. Taking it over makes you the only one who can decide it, and
                  is recorded in the audit trail.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction onClick={() => mutation.mutate("take_over")}>Take over</AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        </>
      )}
    </div>
  );
}
