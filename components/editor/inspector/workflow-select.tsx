"use client";
// The workflow picker of Sub-workflow nodes and agent workflow tools: workflows that have a published
// version (only those can run as a child run), by name with their latest published version. An id
// that is not in the list (deleted, unpublished since, not visible) stays selectable so opening a
// node never changes it.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-fetch";
import { workflowKeys } from "@/lib/queries/workflows";
import { cn } from "@/lib/utils";
import { nativeSelectClass } from "./field-parts";

/** The fields of GET /api/v1/workflows items the picker reads. */
interface PickerItem {
  id: string;
  name: string;
  publishedVersion: number | null;
}

export function WorkflowSelect({ id, value, onChange, invalid }: { id: string; value: unknown; onChange: (workflowId: string) => void; invalid?: boolean }) {
  const { data, isPending, error } = useQuery({
    queryKey: [...workflowKeys.all, "picker"],
    queryFn: ({ signal }) =>
      apiFetch<{ workflows: PickerItem[] }>("/api/v1/workflows", { signal }).then((r) => r.workflows.filter((w) => w.publishedVersion !== null)),
    staleTime: 30_000,
  });
  const current = typeof value === "string" ? value : "";
  const workflows = data ?? [];
  const unknown = current !== "" && !isPending && !workflows.some((w) => w.id === current);
  return (
    <div className="grid gap-1.5">
      <select
        id={id}
        className={cn(nativeSelectClass)}
        value={current}
        disabled={isPending}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{isPending ? "Loading workflows…" : "Choose a workflow"}</option>
        {workflows.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} · v{w.publishedVersion}
          </option>
        ))}
        {unknown && <option value={current}>Unknown or unpublished workflow ({current})</option>}
      </select>
      {error ? (
        <p className="text-xs text-destructive">Could not load workflows: {error.message}</p>
      ) : !isPending && workflows.length === 0 ? (
        <p className="text-xs text-muted-foreground">No published workflows yet</p>
      ) : null}
    </div>
  );
}
