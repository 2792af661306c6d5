// Client-side queries and mutations of the task API (the inbox UI uses only these).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api-fetch";
import { taskListSearch, type TaskListFilters } from "@/lib/inbox/task-list-params";
import type { CommentView, TaskDetailResponse, TaskListResponse } from "@/lib/inbox/task-types";

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
    retry: (n, e) => n < 1 && !(e instanceof Error && "status" in e && (e as { status: number }).status === 404),
  });
}

export interface ReassignCandidatesResponse {
  users: { id: string; name: string; email: string; role: string }[];
  roles: { id: string; label: string }[];
}

export function reassignCandidatesQuery(id: string) {
  return queryOptions({
    queryKey: taskKeys.candidates(id),
    queryFn: ({ signal }) => apiFetch<ReassignCandidatesResponse>(`/api/v1/tasks/${encodeURIComponent(id)}/reassign`, { signal }),
    staleTime: 60_000,
  });
}

export interface DecideInput {
  decision: "approve" | "reject";
  comment?: string;
  payload?: Record<string, unknown>;
  expectedVersion: number;
}

export function decideTask(id: string, body: DecideInput) {
  return apiFetch<{ task: { status: string; version: number } }>(`/api/v1/tasks/${encodeURIComponent(id)}/decide`, {
    method: "POST",
    body,
  });
}

export function reassignTask(id: string, body: { to: { type: "user" | "role"; id: string }; note: string; expectedVersion: number }) {
  return apiFetch<{ version: number }>(`/api/v1/tasks/${encodeURIComponent(id)}/reassign`, { method: "POST", body });
}

export function commentOnTask(id: string, body: string) {
  return apiFetch<{ comment: CommentView }>(`/api/v1/tasks/${encodeURIComponent(id)}/comments`, { method: "POST", body: { body } });
}
