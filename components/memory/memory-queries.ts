// Query keys and fetchers for the Memory page (all through /api/v1/memory).
import { apiFetch } from "@/lib/queries/api-fetch";
import type { MemoryEntryView, MemorySubjectView, MemoryWorkflowView } from "@/lib/memory/memory-schemas";

export const memoryKeys = {
  all: ["memory"] as const,
  workflows: () => ["memory", "workflows"] as const,
  workflow: (id: string) => ["memory", "workflow", id] as const,
  entries: (id: string, subject: string) => ["memory", "entries", id, subject] as const,
};

export const fetchMemoryWorkflows = () => apiFetch<{ workflows: MemoryWorkflowView[] }>("/api/v1/memory");

export const fetchMemoryWorkflow = (id: string) =>
  apiFetch<{ workflow: { id: string; name: string; retentionDays: number | null }; subjects: MemorySubjectView[] }>(
    `/api/v1/memory/${encodeURIComponent(id)}`,
  );

export const entriesUrl = (id: string, subject: string) =>
  `/api/v1/memory/${encodeURIComponent(id)}/entries?subject=${encodeURIComponent(subject)}`;

export const fetchEntries = (id: string, subject: string) => apiFetch<{ entries: MemoryEntryView[] }>(entriesUrl(id, subject));
