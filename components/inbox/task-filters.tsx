"use client";
import { useQuery } from "@tanstack/react-query";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { apiFetch } from "@/lib/queries/api-fetch";
import {
  assignedFilters,
  assignedLabels,
  sortLabels,
  taskSorts,
  type AssignedFilter,
  type TaskListFilters,
  type TaskSort,
} from "@/lib/inbox/task-list-params";

const ANY = "__any__";

export function TaskFilters({
  filters,
  onChange,
  decider,
}: {
  filters: TaskListFilters;
  onChange: (f: TaskListFilters) => void;
  decider: boolean;
}) {
  const workflows = useQuery({
    queryKey: ["workflows", "names"],
    queryFn: ({ signal }) => apiFetch<{ workflows: { id: string; name: string }[] }>("/api/v1/workflows", { signal }),
    staleTime: 60_000,
  });
  const assignedOptions = decider ? assignedFilters : (["everyone"] as const);
  return (
    <div className="grid grid-cols-2 gap-2" role="group" aria-label="Filter tasks">
      <div className="grid gap-1">
        <Label htmlFor="inbox-assigned" className="text-xs text-muted-foreground">
          Assigned
        </Label>
        <Select
          value={filters.assigned ?? (decider ? "all" : "everyone")}
          onValueChange={(v) => onChange({ ...filters, assigned: v as AssignedFilter })}
        >
          <SelectTrigger id="inbox-assigned" size="sm" className="w-full max-lg:data-[size=sm]:h-11">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {assignedOptions.map((a) => (
              <SelectItem key={a} value={a}>
                {assignedLabels[a]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="inbox-workflow" className="text-xs text-muted-foreground">
          Workflow
        </Label>
        <Select value={filters.workflowId ?? ANY} onValueChange={(v) => onChange({ ...filters, workflowId: v === ANY ? undefined : v })}>
          <SelectTrigger id="inbox-workflow" size="sm" className="w-full max-lg:data-[size=sm]:h-11">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>All workflows</SelectItem>
            {(workflows.data?.workflows ?? []).map((w) => (
              <SelectItem key={w.id} value={w.id}>
                {w.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="inbox-due" className="text-xs text-muted-foreground">
          Due
        </Label>
        <Select
          value={filters.due ?? ANY}
          onValueChange={(v) => onChange({ ...filters, due: v === ANY ? undefined : (v as "soon" | "overdue") })}
        >
          <SelectTrigger id="inbox-due" size="sm" className="w-full max-lg:data-[size=sm]:h-11">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Any time</SelectItem>
            <SelectItem value="soon">Due within a day</SelectItem>
            <SelectItem value="overdue">Overdue</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="inbox-sort" className="text-xs text-muted-foreground">
          Sort
        </Label>
        <Select value={filters.sort ?? "due"} onValueChange={(v) => onChange({ ...filters, sort: v as TaskSort })}>
          <SelectTrigger id="inbox-sort" size="sm" className="w-full max-lg:data-[size=sm]:h-11">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {taskSorts.map((s) => (
              <SelectItem key={s} value={s}>
                {sortLabels[s]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="col-span-2 flex items-center gap-2">
        <Switch
          id="inbox-low"
          checked={filters.lowConfidence ?? false}
          onCheckedChange={(v) => onChange({ ...filters, lowConfidence: v || undefined })}
        />
        <Label htmlFor="inbox-low" className="text-sm">
          Low confidence only
        </Label>
      </div>
    </div>
  );
}
