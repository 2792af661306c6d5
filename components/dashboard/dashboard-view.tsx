"use client";
// The monitoring dashboard for a chosen time range: runs by status, throughput, run duration
// p50/p95, failure rate by workflow, time waiting for people, token cost by workflow and model, and
// the slowest and most failing steps — each chart with its numbers as a table. New runs refresh it
// (the runs topic, at most every 10 s).
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge, isStatus } from "@/components/ui/status-badge";
import { formatDuration } from "@/lib/format";
import { DASHBOARD_RANGES, type DashboardData, type DashboardRange } from "@/lib/monitoring/dashboard-types";
import { formatCost, formatCostTick } from "@/lib/monitoring/format-run";
import { dashboardQuery, runKeys } from "@/lib/queries/runs";
import { LiveStatus } from "@/components/runs/live-status";
import { useEventStream } from "@/components/runs/use-event-stream";
import { OutcomeBadge } from "@/components/runs/outcome-badge";
import { ChartCard } from "./chart-card";
import { StatCard } from "./stat-card";

const RANGE_LABEL: Record<DashboardRange, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};
const STATUS_COLOR: Record<string, string> = {
  succeeded: "var(--status-succeeded)",
  failed: "var(--status-failed)",
  cancelled: "var(--status-cancelled)",
  running: "var(--status-running)",
  waiting: "var(--status-waiting)",
  queued: "var(--status-pending)",
  compensated: "var(--status-compensated)",
};
const PALETTE = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];
const axis = { stroke: "var(--muted-foreground)", fontSize: 11, tickLine: false, axisLine: false } as const;
const tooltipStyle = {
  contentStyle: {
    background: "var(--popover)",
    border: "1px solid var(--border)",
    borderRadius: 8,
    color: "var(--popover-foreground)",
    fontSize: 12,
  },
  cursor: { fill: "var(--muted)", opacity: 0.5 },
} as const;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const BUCKET_NAME: Record<DashboardRange, string> = { "1h": "5 minutes", "24h": "hour", "7d": "6 hours", "30d": "day" };
const stepLabel = (r: { nodeName: string | null; nodeId: string; workflowName: string | null; workflowId: string }) =>
  `${r.nodeName ?? r.nodeId} · ${wfLabel(r)}`;
const wfLabel = (r: { workflowName: string | null; workflowId: string }) => r.workflowName ?? `deleted ${r.workflowId.slice(0, 6)}`;

function bucketLabel(ms: number, range: DashboardRange): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (range === "1h" || range === "24h") return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (range === "7d") return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}h`;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function DashboardView({ range }: { range: DashboardRange }) {
  const router = useRouter();
  const qc = useQueryClient();
  const q = useQuery(dashboardQuery(range));
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);
  const live = useEventStream({
    topics: ["runs"],
    onMessage: (name) => {
      if ((name !== "runs" && name !== "reset") || timer.current) return;
      timer.current = setTimeout(
        () => {
          timer.current = null;
          last.current = Date.now();
          void qc.invalidateQueries({ queryKey: runKeys.dashboard(range) });
        },
        Math.max(0, 10_000 - (Date.now() - last.current)),
      );
    },
  });

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="radiogroup" aria-label="Time range" className="inline-flex max-w-full flex-wrap rounded-lg border bg-muted p-0.5">
          {DASHBOARD_RANGES.map((r) => (
            <Button
              key={r}
              role="radio"
              aria-checked={r === range}
              variant={r === range ? "default" : "ghost"}
              size="sm"
              className="h-7"
              onClick={() => router.push(`/dashboard?range=${r}`)}
            >
              {RANGE_LABEL[r]}
            </Button>
          ))}
        </div>
        <LiveStatus status={live} />
      </div>
      {q.isPending ? (
        <div role="status" className="grid gap-4 md:grid-cols-2" aria-busy="true" aria-label="Loading the dashboard">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-72" />
          ))}
        </div>
      ) : q.isError ? (
        <Alert variant="destructive">
          <AlertTitle>Could not load the dashboard</AlertTitle>
          <AlertDescription>{q.error.message}</AlertDescription>
        </Alert>
      ) : (
        <DashboardBody data={q.data} range={range} />
      )}
    </div>
  );
}

function DashboardBody({ data, range }: { data: DashboardData; range: DashboardRange }) {
  const t = data.totals;
  if (t.runs === 0) {
    return (
      <Alert>
        <AlertTitle>No runs in this time range</AlertTitle>
        <AlertDescription>
          {/* one paragraph: the description is a grid, and bare text beside a link becomes separate rows */}
          <p>
            Start a workflow (from the editor or POST /api/v1/runs) or pick a longer range.{" "}
            <Link href="/runs" className="underline">
              See all runs
            </Link>
            .
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  const throughput = data.throughput.map((b) => ({ ...b, label: bucketLabel(b.atMs, range) }));
  const costRows = data.costByWorkflowModel.map((r) => ({ ...r, label: `${wfLabel(r)} · ${r.model}` }));
  return (
    <div className="grid gap-4">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
        <StatCard label="Runs" value={t.runs.toLocaleString("en")} hint={`${t.active} still active`} />
        <StatCard
          label="Failure rate"
          value={t.finished ? pct(t.failed / t.finished) : "—"}
          hint={`${t.failed} of ${t.finished} finished`}
        />
        <StatCard
          label="Duration p50"
          value={formatDuration(data.duration.p50)}
          hint={`${data.durationSampleLimited ? "newest " : ""}${data.duration.count.toLocaleString("en")} finished runs`}
        />
        <StatCard label="Duration p95" value={formatDuration(data.duration.p95)} />
        <StatCard
          label="Human wait p95"
          value={formatDuration(data.humanWait.p95)}
          hint={`p50 ${formatDuration(data.humanWait.p50)} · ${data.humanWaitSampleLimited ? "newest " : ""}${data.humanWait.count.toLocaleString("en")} decisions`}
        />
        <StatCard
          label="Model cost"
          value={formatCost(t.costUsd) === "—" ? "$0" : formatCost(t.costUsd)}
          hint={`${t.tokens.toLocaleString("en")} tokens`}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          title="Runs by status"
          rows={data.byStatus}
          empty="No runs."
          summary={data.byStatus.map((s) => `${s.count} ${s.status}`).join(", ")}
          columns={[
            { label: "Status", value: (r) => <StatusBadge status={r.status} /> },
            { label: "Runs", value: (r) => r.count.toLocaleString("en"), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart data={data.byStatus} margin={{ left: 0, right: 8, top: 8 }}>
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="status" {...axis} />
                <YAxis allowDecimals={false} {...axis} width={40} />
                <Tooltip {...tooltipStyle} />
                <Bar dataKey="count" name="Runs" radius={[4, 4, 0, 0]}>
                  {data.byStatus.map((s) => (
                    <Cell
                      key={s.status}
                      fill={STATUS_COLOR[s.status] ?? (isStatus(s.status) ? "var(--status-pending)" : "var(--chart-1)")}
                    />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Runs by outcome"
          description="What finished runs came to (End node outcomes, rejected, timed out)"
          rows={data.byOutcome}
          empty="No run recorded an outcome."
          summary={data.byOutcome.map((o) => `${o.count} ${o.outcome}`).join(", ")}
          columns={[
            {
              label: "Outcome",
              value: (r) => (
                <Link href={`/runs?outcome=${encodeURIComponent(r.outcome)}`} className="hover:underline">
                  <OutcomeBadge outcome={r.outcome} />
                </Link>
              ),
            },
            { label: "Runs", value: (r) => r.count.toLocaleString("en"), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart data={data.byOutcome} margin={{ left: 0, right: 8, top: 8 }}>
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="outcome" {...axis} />
                <YAxis allowDecimals={false} {...axis} width={40} />
                <Tooltip {...tooltipStyle} />
                <Bar dataKey="count" name="Runs" radius={[4, 4, 0, 0]}>
                  {data.byOutcome.map((o, i) => (
                    <Cell
                      key={o.outcome}
                      fill={o.outcome === "rejected" || o.outcome === "timed_out" ? "var(--status-waiting)" : PALETTE[i % PALETTE.length]}
                    />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Throughput"
          description={`Runs started and finished per ${BUCKET_NAME[range]}`}
          rows={throughput.filter((b) => b.started || b.finished)}
          empty="Nothing started or finished."
          summary={`${throughput.reduce((a, b) => a + b.started, 0)} runs started and ${throughput.reduce((a, b) => a + b.finished, 0)} finished`}
          columns={[
            { label: "From", value: (r) => r.label },
            { label: "Started", value: (r) => r.started, numeric: true },
            { label: "Finished", value: (r) => r.finished, numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <AreaChart data={throughput} margin={{ left: 0, right: 8, top: 8 }}>
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="label" {...axis} minTickGap={24} />
                <YAxis allowDecimals={false} {...axis} width={40} />
                <Tooltip {...tooltipStyle} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Area type="monotone" dataKey="started" name="Started" stroke="var(--chart-1)" fill="var(--chart-1)" fillOpacity={0.2} />
                <Area type="monotone" dataKey="finished" name="Finished" stroke="var(--chart-2)" fill="var(--chart-2)" fillOpacity={0.2} />
              </AreaChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Run duration by workflow"
          description="p50 and p95 of finished runs"
          rows={data.durationByWorkflow}
          empty="No finished runs."
          summary={data.durationByWorkflow
            .map((r) => `${wfLabel(r)}: p50 ${formatDuration(r.p50)}, p95 ${formatDuration(r.p95)}`)
            .join("; ")}
          columns={[
            { label: "Workflow", value: wfLabel },
            { label: "Runs", value: (r) => r.count, numeric: true },
            { label: "p50", value: (r) => formatDuration(r.p50), numeric: true },
            { label: "p95", value: (r) => formatDuration(r.p95), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart
                data={data.durationByWorkflow.slice(0, 10).map((r) => ({ ...r, name: wfLabel(r) }))}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
              >
                <CartesianGrid horizontal={false} stroke="var(--border)" />
                <XAxis type="number" {...axis} tickFormatter={(v: number) => formatDuration(v)} />
                <YAxis type="category" dataKey="name" {...axis} width={120} />
                <Tooltip {...tooltipStyle} formatter={(v) => formatDuration(Number(v))} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="p50" name="p50" fill="var(--chart-2)" radius={[0, 4, 4, 0]} />
                <Bar dataKey="p95" name="p95" fill="var(--chart-1)" radius={[0, 4, 4, 0]} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Failure rate by workflow"
          description="Failed of finished runs"
          rows={data.failureByWorkflow}
          empty="No finished runs."
          summary={data.failureByWorkflow.map((r) => `${wfLabel(r)}: ${pct(r.rate)}`).join("; ")}
          columns={[
            { label: "Workflow", value: wfLabel },
            { label: "Finished", value: (r) => r.finished, numeric: true },
            { label: "Failed", value: (r) => r.failed, numeric: true },
            { label: "Rate", value: (r) => pct(r.rate), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart
                data={data.failureByWorkflow.slice(0, 10).map((r) => ({ ...r, name: wfLabel(r), pct: r.rate * 100 }))}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
              >
                <CartesianGrid horizontal={false} stroke="var(--border)" />
                <XAxis type="number" domain={[0, 100]} {...axis} tickFormatter={(v: number) => `${v}%`} />
                <YAxis type="category" dataKey="name" {...axis} width={120} />
                <Tooltip {...tooltipStyle} formatter={(v) => `${Number(v).toFixed(1)}%`} />
                <Bar dataKey="pct" name="Failure rate" fill="var(--status-failed)" radius={[0, 4, 4, 0]} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Time waiting for people"
          description={`Task created → decided · ${data.humanWait.open} open now${data.humanWait.oldestOpenMs !== null ? `, oldest waiting ${formatDuration(data.humanWait.oldestOpenMs)}` : ""}`}
          rows={
            data.humanWait.count
              ? [
                  { k: "p50", v: data.humanWait.p50 },
                  { k: "p95", v: data.humanWait.p95 },
                ]
              : []
          }
          empty="No task was decided in this range."
          summary={`Half of the decisions came within ${formatDuration(data.humanWait.p50)}, 95% within ${formatDuration(data.humanWait.p95)}`}
          columns={[
            { label: "Percentile", value: (r) => r.k },
            { label: "Wait", value: (r) => formatDuration(r.v), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart
                data={[
                  { k: "p50", v: data.humanWait.p50 ?? 0 },
                  { k: "p95", v: data.humanWait.p95 ?? 0 },
                ]}
                margin={{ left: 0, right: 8, top: 8 }}
              >
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="k" {...axis} />
                <YAxis {...axis} width={56} tickFormatter={(v: number) => formatDuration(v)} />
                <Tooltip {...tooltipStyle} formatter={(v) => formatDuration(Number(v))} />
                <Bar dataKey="v" name="Wait" fill="var(--status-waiting)" radius={[4, 4, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Token cost by workflow and model"
          rows={costRows}
          empty="No model calls in this range."
          summary={costRows
            .slice(0, 5)
            .map((r) => `${r.label}: ${formatCost(r.costUsd)}`)
            .join("; ")}
          columns={[
            { label: "Workflow", value: wfLabel },
            { label: "Model", value: (r) => r.model },
            { label: "Calls", value: (r) => r.calls, numeric: true },
            { label: "Tokens", value: (r) => r.tokens.toLocaleString("en"), numeric: true },
            { label: "Cost", value: (r) => formatCost(r.costUsd), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart data={costRows.slice(0, 10)} layout="vertical" margin={{ left: 8, right: 16 }}>
                <CartesianGrid horizontal={false} stroke="var(--border)" />
                <XAxis type="number" {...axis} tickFormatter={formatCostTick} />
                <YAxis type="category" dataKey="label" {...axis} width={150} />
                <Tooltip {...tooltipStyle} formatter={(v) => formatCost(Number(v))} />
                <Bar dataKey="costUsd" name="Cost" radius={[0, 4, 4, 0]}>
                  {costRows.slice(0, 10).map((r, i) => (
                    <Cell key={`${r.workflowId}-${r.model}`} fill={PALETTE[i % PALETTE.length]} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Slowest steps"
          description={`Average time of succeeded steps (waits and approvals excluded)${data.stepSample.limited ? ` · newest ${data.stepSample.runs.toLocaleString("en")} runs of the range` : ""}`}
          rows={data.slowestSteps}
          empty="No step finished in this range."
          summary={data.slowestSteps
            .slice(0, 3)
            .map((r) => `${r.nodeName ?? r.nodeId}: ${formatDuration(r.avgMs)} on average`)
            .join("; ")}
          columns={[
            { label: "Step", value: (r) => r.nodeName ?? r.nodeId },
            { label: "Workflow", value: wfLabel },
            { label: "Runs", value: (r) => r.count, numeric: true },
            { label: "Average", value: (r) => formatDuration(r.avgMs), numeric: true },
            { label: "Max", value: (r) => formatDuration(r.maxMs), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart
                data={data.slowestSteps.map((r) => ({ ...r, name: stepLabel(r) }))}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
              >
                <CartesianGrid horizontal={false} stroke="var(--border)" />
                <XAxis type="number" {...axis} tickFormatter={(v: number) => formatDuration(v)} />
                <YAxis type="category" dataKey="name" {...axis} width={170} />
                <Tooltip {...tooltipStyle} formatter={(v) => formatDuration(Number(v))} />
                <Bar dataKey="avgMs" name="Average" fill="var(--chart-3)" radius={[0, 4, 4, 0]} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartCard
          title="Most failing steps"
          description={data.stepSample.limited ? `Newest ${data.stepSample.runs.toLocaleString("en")} runs of the range` : undefined}
          rows={data.failingSteps}
          empty="No step failed in this range."
          summary={data.failingSteps
            .slice(0, 3)
            .map((r) => `${r.nodeName ?? r.nodeId}: ${r.failed} failures`)
            .join("; ")}
          columns={[
            { label: "Step", value: (r) => r.nodeName ?? r.nodeId },
            { label: "Workflow", value: wfLabel },
            { label: "Failed", value: (r) => r.failed, numeric: true },
            { label: "Of", value: (r) => r.runs, numeric: true },
            { label: "Rate", value: (r) => pct(r.rate), numeric: true },
          ]}
          chart={
            <ResponsiveContainer>
              <BarChart
                data={data.failingSteps.map((r) => ({ ...r, name: stepLabel(r) }))}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
              >
                <CartesianGrid horizontal={false} stroke="var(--border)" />
                <XAxis type="number" allowDecimals={false} {...axis} />
                <YAxis type="category" dataKey="name" {...axis} width={170} />
                <Tooltip {...tooltipStyle} />
                <Bar dataKey="failed" name="Failures" fill="var(--status-failed)" radius={[0, 4, 4, 0]} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
      </div>
    </div>
  );
}
