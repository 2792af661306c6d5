// Client-side access to the workflow API: query options for TanStack Query and typed mutations.
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { runBody, runDetailBody, runSchema, stepSchema } from "@/lib/api/responses/runs";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { isTerminalRun } from "@/lib/model/vocabulary";
import type { Problem } from "@/lib/model/validate-graph";
import type { FileProblem } from "@/lib/workflows/workflow-file";
import type { DraftState, LiveVersion, VersionDetail, VersionListItem, VersionSummary } from "@/lib/workflows/types";
import { apiFetch } from "./api-fetch";

const base = (id: string) => `/api/v1/workflows/${encodeURIComponent(id)}`;

export const workflowKeys = {
  all: ["workflows"] as const,
  versions: (id: string) => ["workflows", id, "versions"] as const,
  version: (id: string, version: number) => ["workflows", id, "versions", version] as const,
};

export const versionsQuery = (id: string) =>
  queryOptions({
    queryKey: workflowKeys.versions(id),
    queryFn: ({ signal }) => apiFetch<{ versions: VersionListItem[] }>(`${base(id)}/versions`, { signal }).then((r) => r.versions),
  });

export const versionQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: workflowKeys.version(id, version),
    queryFn: ({ signal }) => apiFetch<{ version: VersionDetail }>(`${base(id)}/versions/${version}`, { signal }).then((r) => r.version),
    staleTime: Infinity, // versions are immutable
  });

export function saveDraft(id: string, graph: DraftGraph, expectedRevision: number) {
  return apiFetch<{ revision: number; updatedAt: string }>(base(id), { method: "PATCH", body: { graph, expectedRevision } });
}

export function renameWorkflow(id: string, patch: { name?: string; description?: string }) {
  return apiFetch<{ ok: true }>(base(id), { method: "PATCH", body: patch });
}

export function publishWorkflow(id: string, body: { message: string; expectedRevision?: number; makeLive?: boolean }) {
  return apiFetch<{ version: VersionSummary; warnings: Problem[]; live: boolean }>(`${base(id)}/publish`, { method: "POST", body });
}

/** Promote or roll back: make a published version the live one. */
export function makeVersionLive(id: string, version: number) {
  return apiFetch<{ live: LiveVersion }>(`${base(id)}/versions/${version}/live`, { method: "POST" });
}

export function restoreVersion(id: string, version: number) {
  return apiFetch<{ draft: DraftState }>(`${base(id)}/versions/${version}/restore`, { method: "POST" });
}

export function deleteWorkflow(id: string) {
  return apiFetch<{ ok: true }>(base(id), { method: "DELETE" });
}

export function duplicateWorkflow(id: string) {
  return apiFetch<{ workflow: { id: string; name: string } }>(`${base(id)}/duplicate`, { method: "POST" });
}

export function importWorkflow(file: unknown) {
  return apiFetch<{ workflow: { id: string; name: string }; problems: FileProblem[] }>("/api/v1/workflows/import", {
    method: "POST",
    body: file,
  });
}

export const exportUrl = (id: string, version?: number) => `${base(id)}/export${version ? `?version=${version}` : ""}`;

// ---------- runs (contract: the response schemas in lib/api/responses/runs.ts) ----------

export type RunSummary = z.output<typeof runSchema>;
export type RunStep = z.output<typeof stepSchema>;

export { TERMINAL_RUN_STATUSES } from "@/lib/model/vocabulary";

export function startRun(versionId: string, input: unknown) {
  return apiFetch<z.output<typeof runBody>>("/api/v1/runs", { method: "POST", body: { versionId, input } });
}

export const runQuery = (runId: string) =>
  queryOptions({
    queryKey: ["runs", runId, "detail"] as const,
    queryFn: ({ signal }) => apiFetch<z.output<typeof runDetailBody>>(`/api/v1/runs/${encodeURIComponent(runId)}`, { signal }),
    refetchInterval: (q) => (q.state.data && isTerminalRun(q.state.data.run.status) ? false : 1000),
  });
