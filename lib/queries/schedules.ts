// Client-side access to the schedule API: fire-time previews, a workflow's live schedules, pause/resume.
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { fireTimesBody, scheduleBody, schedulesBody } from "@/lib/api/responses/triggers";
import { apiFetch } from "./api-fetch";

export const scheduleKeys = {
  preview: (url: string) => ["schedules", "preview", url] as const,
  live: (workflowId: string) => ["workflows", workflowId, "schedules"] as const,
};

export const schedulePreviewQuery = (url: string) =>
  queryOptions({
    queryKey: scheduleKeys.preview(url),
    queryFn: ({ signal }) => apiFetch<z.output<typeof fireTimesBody>>(url, { signal }).then((r) => r.fireTimes),
    staleTime: 30_000,
    retry: false,
  });

export const liveSchedulesQuery = (workflowId: string) =>
  queryOptions({
    queryKey: scheduleKeys.live(workflowId),
    queryFn: ({ signal }) =>
      apiFetch<z.output<typeof schedulesBody>>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/schedules`, { signal }).then(
        (r) => r.schedules,
      ),
  });

export function setSchedulePaused(workflowId: string, triggerId: string, paused: boolean) {
  return apiFetch<z.output<typeof scheduleBody>>(
    `/api/v1/workflows/${encodeURIComponent(workflowId)}/schedules/${encodeURIComponent(triggerId)}`,
    { method: "PATCH", body: { paused } },
  );
}
