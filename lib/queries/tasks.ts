// Client-side queries and mutations of the task API (the inbox UI uses only these).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { bulkDecideOut, claimOut, commentBodyOut, decideBody, reassignCandidatesBody, reassignOut } from "@/lib/api/responses/tasks";
import type { TaskDecision } from "@/lib/model/vocabulary";
import { apiFetch } from "./api-fetch";
import { taskListSearch, type TaskListFilters } from "@/lib/inbox/task-list-params";
import type { TaskDetailResponse, TaskListResponse } from "@/lib/inbox/task-types";

// The header bell imports ./notifications directly: it is on every page, and this module brings zod (task-list-params).
export { markNotificationsRead, notificationKeys, notificationsQuery } from "./notifications";

export const taskKeys = {
  all: ["tasks"] as const,
  lists: () => ["tasks", "list"] as const,
  list: (f: TaskListFilters) => ["tasks", "list", f] as const,
  detail: (id: string) => ["tasks", "detail", id] as const,
  candidates: (id: string) => ["tasks", "candidates", id] as const,
};

export const inboxCountKey = ["inbox", "count"] as const;

export const PAGE_SIZE = 50;

export function taskListQuery(filters: TaskListFilters) {
  return infiniteQueryOptions({
    queryKey: taskKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<TaskListResponse>(`/api/v1/tasks?${taskListSearch({ ...filters, cursor: pageParam, limit: PAGE_SIZE })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function taskDetailQuery(id: string) {
  return queryOptions({
    queryKey: taskKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<TaskDetailResponse>(`/api/v1/tasks/${encodeURIComponent(id)}`, { signal }),
    // the inbox's live events invalidate a task when it changes: going back to one seen a moment ago
    // needs no new request (and a decision is checked against the task's version anyway)
    staleTime: 30_000,
    retry: (n, e) => n < 1 && !(e instanceof Error && "status" in e && (e as { status: number }).status === 404),
  });
}

export type ReassignCandidatesResponse = z.output<typeof reassignCandidatesBody>;

export function reassignCandidatesQuery(id: string) {
  return queryOptions({
    queryKey: taskKeys.candidates(id),
    queryFn: ({ signal }) => apiFetch<ReassignCandidatesResponse>(`/api/v1/tasks/${encodeURIComponent(id)}/reassign`, { signal }),
    staleTime: 60_000,
  });
}

export interface DecideInput {
  decision: TaskDecision;
  comment?: string;
  payload?: Record<string, unknown>;
  expectedVersion: number;
}

export function decideTask(id: string, body: DecideInput) {
  return apiFetch<z.output<typeof decideBody>>(`/api/v1/tasks/${encodeURIComponent(id)}/decide`, {
    method: "POST",
    body,
  });
}

export function reassignTask(id: string, body: { to: { type: "user" | "role"; id: string }; note: string; expectedVersion: number }) {
  return apiFetch<z.output<typeof reassignOut>>(`/api/v1/tasks/${encodeURIComponent(id)}/reassign`, { method: "POST", body });
}

export function claimTask(id: string, body: { takeOver?: boolean; expectedVersion: number }) {
  return apiFetch<z.output<typeof claimOut>>(`/api/v1/tasks/${encodeURIComponent(id)}/claim`, { method: "POST", body });
}

export function releaseTask(id: string, expectedVersion: number) {
  return apiFetch<z.output<typeof claimOut>>(`/api/v1/tasks/${encodeURIComponent(id)}/claim?expectedVersion=${expectedVersion}`, {
    method: "DELETE",
  });
}

export function commentOnTask(id: string, body: string) {
  return apiFetch<z.output<typeof commentBodyOut>>(`/api/v1/tasks/${encodeURIComponent(id)}/comments`, { method: "POST", body: { body } });
}

export type BulkDecideResponse = z.output<typeof bulkDecideOut>;

/** Approve several tasks; each answers on its own (ok, or the code and message of why not). */
export function bulkApproveTasks(taskIds: string[], comment?: string) {
  return apiFetch<BulkDecideResponse>("/api/v1/tasks/bulk-decide", {
    method: "POST",
    body: { taskIds, decision: "approve", ...(comment ? { comment } : {}) },
  });
}
