// Client-side queries of the notification API, for the header bell on every page. Kept apart from
// ./tasks, which brings the task-list filters (zod), so the app shell's first-load JavaScript has no zod.
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { notificationsReadBody } from "@/lib/api/responses/tasks";
import { apiFetch } from "./api-fetch";
import type { NotificationListResponse } from "@/lib/inbox/task-types";

export const notificationKeys = { all: ["notifications"] as const };

export function notificationsQuery() {
  return queryOptions({
    queryKey: notificationKeys.all,
    queryFn: ({ signal }) => apiFetch<NotificationListResponse>(`/api/v1/notifications?limit=20`, { signal }),
    refetchInterval: 30_000,
  });
}

export function markNotificationsRead(body: { ids: string[] } | { all: true }) {
  return apiFetch<z.output<typeof notificationsReadBody>>(`/api/v1/notifications/read`, { method: "POST", body });
}
