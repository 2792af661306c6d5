"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/components/ui/toaster";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { commentOnTask, decideTask, inboxCountKey, reassignTask, taskKeys, type DecideInput } from "@/lib/queries/tasks";
import type { TaskDetail } from "@/lib/inbox/task-types";

export interface Problem {
  path: string;
  message: string;
}

export function problemsOf(e: unknown): Problem[] {
  if (!(e instanceof ApiClientError) || !Array.isArray(e.details)) return [];
  return e.details.filter((p): p is Problem => typeof p === "object" && p !== null && "path" in p && "message" in p);
}

/** Decide, reassign and comment on one task, with toasts, conflict handling and cache refreshes. */
export function useTaskActions(task: TaskDetail, onDecided: () => void) {
  const qc = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: taskKeys.detail(task.id) }),
      qc.invalidateQueries({ queryKey: taskKeys.lists() }),
      qc.invalidateQueries({ queryKey: inboxCountKey }),
    ]);
  };
  const onConflict = async (e: unknown) => {
    if (e instanceof ApiClientError && (e.status === 409 || e.status === 403 || e.status === 404)) {
      toast.error(e.message);
      await refresh();
      return true;
    }
    return false;
  };

  const decide = useMutation({
    mutationFn: (input: Omit<DecideInput, "expectedVersion">) => decideTask(task.id, { ...input, expectedVersion: task.version }),
    onSuccess: async (r, input) => {
      const done = r.task.status !== "open";
      toast.success(
        input.decision === "reject"
          ? "Rejected"
          : done
            ? input.payload
              ? "Approved with your changes"
              : "Approved"
            : "Approval recorded; waiting for more reviewers",
      );
      // Move on first: after the refresh the decided task has left the list, and "the next one" would be the top.
      onDecided();
      await refresh();
    },
    onError: async (e) => {
      if (!(await onConflict(e)) && problemsOf(e).length === 0) toast.error(e instanceof Error ? e.message : "Decision failed");
    },
  });

  const reassign = useMutation({
    mutationFn: (input: { to: { type: "user" | "role"; id: string }; note: string }) =>
      reassignTask(task.id, { ...input, expectedVersion: task.version }),
    onSuccess: async () => {
      toast.success("Task reassigned");
      await refresh();
    },
    onError: async (e) => {
      if (!(await onConflict(e))) toast.error(e instanceof Error ? e.message : "Reassign failed");
    },
  });

  const comment = useMutation({
    mutationFn: (body: string) => commentOnTask(task.id, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: taskKeys.detail(task.id) });
    },
    onError: (e) => toast.error(e instanceof Error ? e.message : "Comment failed"),
  });

  return { decide, reassign, comment };
}
