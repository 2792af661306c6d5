// Client-side access to test runs of the draft, pinned outputs and Run one step
// (contract: lib/api/responses/test-runs.ts).
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { pinSchema, stepTestBodyResponse, testRunStartedBody } from "@/lib/api/responses/test-runs";
import { apiFetch } from "./api-fetch";

const base = (id: string) => `/api/v1/workflows/${encodeURIComponent(id)}`;

export type PinView = z.output<typeof pinSchema>;
export type StepTestResult = z.output<typeof stepTestBodyResponse>;

export const pinKeys = { pins: (workflowId: string) => ["workflows", workflowId, "pins"] as const };

export const pinsQuery = (workflowId: string) =>
  queryOptions({
    queryKey: pinKeys.pins(workflowId),
    queryFn: ({ signal }) => apiFetch<{ pins: PinView[] }>(`${base(workflowId)}/pins`, { signal }).then((r) => r.pins),
  });

export function startTestRun(workflowId: string, input: unknown) {
  return apiFetch<z.output<typeof testRunStartedBody>>(`${base(workflowId)}/test-runs`, { method: "POST", body: { input } });
}

/** Pin an output typed by hand (`output`, `handle`) or a step of an earlier run (`runId`, `stepKey`). */
export function pinOutput(
  workflowId: string,
  nodeId: string,
  body: { output: unknown; handle?: string } | { runId: string; stepKey: string },
) {
  return apiFetch<{ pin: PinView }>(`${base(workflowId)}/pins/${encodeURIComponent(nodeId)}`, { method: "PUT", body });
}

export function unpinOutput(workflowId: string, nodeId: string) {
  return apiFetch<{ ok: true }>(`${base(workflowId)}/pins/${encodeURIComponent(nodeId)}`, { method: "DELETE" });
}

export function runOneStep(workflowId: string, nodeId: string, input?: Record<string, unknown>) {
  return apiFetch<StepTestResult>(`${base(workflowId)}/nodes/${encodeURIComponent(nodeId)}/test`, {
    method: "POST",
    body: input === undefined ? {} : { input },
  });
}
