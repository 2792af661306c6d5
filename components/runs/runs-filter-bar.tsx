"use client";
// The runs list filters. State lives in the URL (shareable, back button works); each change
// navigates to the new search string and resets to page 1.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { SearchIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { statusStyles } from "@/components/ui/status-badge";
import {
  hasAnyFilter,
  RUN_STATUSES,
  runListSearch,
  type RunListFilter,
  type RunListSort,
  type TimeRange,
} from "@/lib/monitoring/run-list-filter";
import type { RunListFacets } from "@/lib/monitoring/run-list-facets";

const ANY = "__any";
const CUSTOM = "__custom";
const RANGE_LABELS: Record<TimeRange, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" };

function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return "";
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function RunsFilterBar({ filter, sort, facets }: { filter: RunListFilter; sort: RunListSort; facets: RunListFacets }) {
  const router = useRouter();
  const [q, setQ] = useState(filter.q ?? "");
  const [custom, setCustom] = useState(filter.from !== undefined || filter.to !== undefined);
  const go = (next: RunListFilter) => router.push(`/runs${runListSearch(next, { ...sort, after: undefined, before: undefined })}`);
  const set = <K extends keyof RunListFilter>(key: K, value: RunListFilter[K] | undefined) => {
    const next = { ...filter, [key]: value };
    if (key === "workflowId") delete next.versionId;
    go(next);
  };
  const versions = facets.workflows.find((w) => w.id === filter.workflowId)?.versions ?? [];
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set("q", q.trim() || undefined);
  };

  return (
    <div className="grid gap-3 rounded-lg border bg-card p-3" role="search" aria-label="Filter runs">
      <form onSubmit={onSearch} className="flex gap-2">
        <div className="relative flex-1">
          <SearchIcon aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            aria-label="Search by run id or input value"
            placeholder="Run id (or its first characters) or a value in the input, e.g. ACME-42"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="pl-8"
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {/* two columns on a phone, so the filters take half the screen instead of all of it */}
      <div className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap">
        <FilterSelect
          id="f-status"
          label="Status"
          value={filter.status}
          onChange={(v) => set("status", v as RunListFilter["status"])}
          options={RUN_STATUSES.map((s) => ({ value: s, label: statusStyles[s].label }))}
        />
        <FilterSelect
          id="f-outcome"
          label="Outcome"
          value={filter.outcome}
          onChange={(v) => set("outcome", v)}
          options={[...new Set([...facets.outcomes, ...(filter.outcome ? [filter.outcome] : [])])].map((o) => ({
            value: o,
            label: o.replace(/_/g, " "),
          }))}
        />
        <FilterSelect
          id="f-workflow"
          label="Workflow"
          value={filter.workflowId}
          onChange={(v) => set("workflowId", v)}
          options={facets.workflows.map((w) => ({ value: w.id, label: w.name }))}
          wide
        />
        <FilterSelect
          id="f-version"
          label="Version"
          value={filter.versionId}
          onChange={(v) => set("versionId", v)}
          options={versions.map((v) => ({ value: v.id, label: `v${v.version}` }))}
          disabled={!filter.workflowId}
          placeholder={filter.workflowId ? "Any" : "Pick a workflow"}
        />
        <FilterSelect
          id="f-initiator"
          label="Started by"
          value={filter.initiatorId}
          onChange={(v) => set("initiatorId", v)}
          options={facets.initiators.map((u) => ({ value: u.id, label: u.name }))}
        />
        <div className="grid gap-1.5">
          <Label htmlFor="f-range">Started</Label>
          <Select
            value={custom ? CUSTOM : (filter.range ?? ANY)}
            onValueChange={(v) => {
              if (v === CUSTOM) {
                setCustom(true);
                return;
              }
              setCustom(false);
              go({ ...filter, range: v === ANY ? undefined : (v as TimeRange), from: undefined, to: undefined });
            }}
          >
            <SelectTrigger id="f-range" className="w-full sm:w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Any time</SelectItem>
              {(Object.keys(RANGE_LABELS) as TimeRange[]).map((r) => (
                <SelectItem key={r} value={r}>
                  {RANGE_LABELS[r]}
                </SelectItem>
              ))}
              <SelectItem value={CUSTOM}>Custom range…</SelectItem>
            </SelectContent>
          </Select>
        </div>
        {custom && (
          <>
            <div className="grid gap-1.5">
              <Label htmlFor="f-from">From</Label>
              <Input
                id="f-from"
                type="datetime-local"
                defaultValue={toLocalInput(filter.from)}
                onBlur={(e) => go({ ...filter, range: undefined, from: e.target.value ? new Date(e.target.value).getTime() : undefined })}
                className="w-full sm:w-52"
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="f-to">To</Label>
              <Input
                id="f-to"
                type="datetime-local"
                defaultValue={toLocalInput(filter.to)}
                onBlur={(e) => go({ ...filter, range: undefined, to: e.target.value ? new Date(e.target.value).getTime() : undefined })}
                className="w-full sm:w-52"
              />
            </div>
          </>
        )}
        <div className="flex h-9 items-center gap-2">
          <Checkbox
            id="f-open-tasks"
            checked={filter.hasOpenTasks === true}
            onCheckedChange={(c) => set("hasOpenTasks", c === true ? true : undefined)}
          />
          <Label htmlFor="f-open-tasks">Has open tasks</Label>
        </div>
        <div className="flex h-9 items-center gap-2">
          <Checkbox
            id="f-test-runs"
            checked={filter.test !== undefined}
            onCheckedChange={(c) => set("test", c === true ? "include" : undefined)}
          />
          <Label htmlFor="f-test-runs">Show test runs</Label>
        </div>
        {hasAnyFilter(filter) && (
          <Button variant="ghost" size="sm" className="h-9" onClick={() => go({})}>
            <XIcon aria-hidden /> Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}

function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
  disabled,
  placeholder = "Any",
  wide,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  options: { value: string; label: string }[];
  disabled?: boolean;
  placeholder?: string;
  wide?: boolean;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value ?? ANY} onValueChange={(v) => onChange(v === ANY ? undefined : v)} disabled={disabled}>
        <SelectTrigger id={id} className={wide ? "w-full sm:w-56" : "w-full sm:w-40"}>
          <SelectValue placeholder={placeholder} />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ANY}>{placeholder}</SelectItem>
          {options.map((o) => (
            <SelectItem key={o.value} value={o.value}>
              {o.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
