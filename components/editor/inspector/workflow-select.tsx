"use client";
// The workflow picker of Sub-workflow nodes and agent workflow tools: workflows that have a published
// version (only those can run as a child run), by name with their latest published version. An id
// that is not in the list (deleted, unpublished since, not visible) stays selectable so opening a
// node never changes it.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-fetch";
import { workflowKeys } from "@/lib/queries/workflows";
import { ReferenceSelect, type PickerProps } from "./reference-select";

/** The fields of GET /api/v1/workflows items the picker reads. */
interface PickerItem {
  id: string;
  name: string;
  publishedVersion: number | null;
}

export function WorkflowSelect({ id, value, onChange, invalid }: PickerProps<string>) {
  const { data, isPending, error } = useQuery({
    queryKey: [...workflowKeys.all, "picker"],
    queryFn: ({ signal }) =>
      apiFetch<{ workflows: PickerItem[] }>("/api/v1/workflows", { signal }).then((r) =>
        r.workflows.filter((w) => w.publishedVersion !== null),
      ),
    staleTime: 30_000,
  });
  return (
    <ReferenceSelect
      id={id}
      value={value}
      invalid={invalid}
      onChange={onChange}
      options={(data ?? []).map((w) => ({ value: w.id, label: `${w.name} · v${w.publishedVersion}` }))}
      isPending={isPending}
      error={error}
      noun="workflows"
      placeholder="Choose a workflow"
      unknownLabel={(w) => `Unknown or unpublished workflow (${w})`}
      empty="No published workflows yet"
    />
  );
}
