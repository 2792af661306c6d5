// Client-side access to the monitoring API: run view, step inspector, event log pages, dashboard.
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { olderEventsBody, rerunBody, runBody } from "@/lib/api/responses/runs";
import type { DashboardData, DashboardRange } from "@/lib/monitoring/dashboard-types";
import type { RunView, StepDetail } from "@/lib/monitoring/run-view-types";
import type { RunEventMessage } from "@/lib/monitoring/sse-messages";
import { apiFetch } from "./api-fetch";

const run = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;

export const runKeys = {
  view: (runId: string) => ["runs", runId, "view"] as const,
  step: (runId: string, stepKey: string) => ["runs", runId, "steps", stepKey] as const,
  dashboard: (range: DashboardRange) => ["dashboard", range] as const,
};

export const runViewQuery = (runId: string) =>
  queryOptions({
    queryKey: runKeys.view(runId),
    queryFn: ({ signal }) => apiFetch<RunView>(`${run(runId)}/view`, { signal }),
    staleTime: 2_000,
  });

export const stepDetailQuery = (runId: string, stepKey: string) =>
  queryOptions({
    queryKey: runKeys.step(runId, stepKey),
    queryFn: ({ signal }) => apiFetch<StepDetail>(`${run(runId)}/steps/${encodeURIComponent(stepKey)}`, { signal }),
  });

export function olderRunEvents(runId: string, before: number) {
  return apiFetch<{ events: RunEventMessage[]; hasOlder: z.output<typeof olderEventsBody>["hasOlder"] }>(
    `${run(runId)}/view/events?before=${before}`,
  );
}

export function cancelRun(runId: string, reason: string) {
  return apiFetch<z.output<typeof runBody>>(`${run(runId)}/cancel`, { method: "POST", body: { reason } });
}

export const dashboardQuery = (range: DashboardRange) =>
  queryOptions({
    queryKey: runKeys.dashboard(range),
    queryFn: ({ signal }) => apiFetch<DashboardData>(`/api/v1/dashboard?range=${range}`, { signal }),
    staleTime: 10_000,
  });

export function retryRun(runId: string) {
  return apiFetch<z.output<typeof runBody>>(`${run(runId)}/retry`, { method: "POST", body: {} });
}

export function rerunRun(runId: string, body: { nodeId: string; version: "original" | "latest"; inputOverride?: Record<string, unknown> }) {
  return apiFetch<z.output<typeof rerunBody>>(`${run(runId)}/rerun`, {
    method: "POST",
    body,
  });
}
