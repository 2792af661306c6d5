"use client";
// The run view: header with the run's facts and controls, the pinned graph with live node states,
// then timeline, event log and input/output; clicking a node, a timeline bar or an event opens
// the step inspector. Live: events on run:<id> patch node states at once and trigger a re-read
// of the view (coalesced), so what is drawn is always the stored truth a moment later.
import type { RunStatus } from "@/lib/model/vocabulary";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowUpRightIcon, FileDown, GitBranchIcon, RotateCcwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toaster";
import { formatDuration } from "@/lib/format";
import { formatCost, formatTokens, shortId, triggerLabel } from "@/lib/monitoring/format-run";
import { isActiveRun } from "@/lib/model/vocabulary";
import { applyStepEvent } from "@/lib/monitoring/node-states";
import type { RunLink, RunView as RunViewData } from "@/lib/monitoring/run-view-types";
import type { LiveTextMessage, RunEventMessage } from "@/lib/monitoring/sse-messages";
import { foldLiveText, type LiveText } from "@/lib/monitoring/live-text-merge";
import { runKeys, runViewQuery } from "@/lib/queries/runs";
import { ErrorCard } from "./error-card";
import { JsonValue } from "./json-value";
import { LiveStatus } from "./live-status";
import { OutcomeBadge } from "./outcome-badge";
import { LocalTime } from "./local-time";
import { RunControls } from "./run-controls";
import { RunHoldBadge, RunHoldButton } from "./run-legal-hold";
import { RunEventLog } from "./run-event-log";
import { RerunDialog } from "./rerun-dialog";
import { RunGraph } from "./run-graph";
import { RunTimeline } from "./run-timeline";
import { StepInspector } from "./step-inspector";
import { useEventStream } from "./use-event-stream";

const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

const RUN_EVENT_STATUS: Record<string, RunStatus> = {
  "run.succeeded": "succeeded",
  "run.failed": "failed",
  "run.cancelled": "cancelled",
  "run.waiting": "waiting",
  "run.compensated": "compensated",
};

export function RunView({
  runId,
  canControl,
  canExportEvidence = false,
  canHold = false,
}: {
  runId: string;
  canControl: boolean;
  canExportEvidence?: boolean;
  /** Admins place and release a legal hold; everyone sees its badge. */
  canHold?: boolean;
}) {
  const qc = useQueryClient();
  const q = useQuery(runViewQuery(runId));
  const [extra, setExtra] = useState<RunEventMessage[]>([]);
  /** What a model is writing for each running step (its latest call), never stored. */
  const [liveText, setLiveText] = useState<Record<string, LiveText>>({});
  const [selected, setSelected] = useState<{ nodeId: string; stepKey: string } | null>(null);
  /** undefined: closed; null: open with the default step; a node id: open on that step. */
  const [rerunFrom, setRerunFrom] = useState<string | null | undefined>(undefined);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(refetchTimer.current ?? undefined), []);

  const base = q.data;
  const status = useEventStream({
    topics: base ? [`run:${runId}`] : null,
    lastEventId: base?.cursor ?? null,
    onMessage: (name, data) => {
      if (name === "reset") {
        void qc.invalidateQueries({ queryKey: runKeys.view(runId) });
        return;
      }
      if (name === "live-text") {
        const m = data as LiveTextMessage;
        setLiveText((all) => {
          const prev = all[m.stepKey];
          if (prev && prev.seq > m.seq) return all; // a newer call of the step is streaming
          return { ...all, [m.stepKey]: foldLiveText(prev?.seq === m.seq ? prev : undefined, m) };
        });
        return;
      }
      if (name !== "run-event") return;
      const e = data as RunEventMessage;
      setExtra((xs) => (xs.some((x) => x.id === e.id) ? xs : [...xs, e].sort((a, b) => a.id - b.id)));
      if (e.stepKey) void qc.invalidateQueries({ queryKey: runKeys.step(runId, e.stepKey) });
      if (!refetchTimer.current) {
        refetchTimer.current = setTimeout(() => {
          refetchTimer.current = null;
          void qc.invalidateQueries({ queryKey: runKeys.view(runId) });
        }, 250);
      }
    },
  });

  // stored truth + the live events that arrived after it was read
  const live = useMemo(() => {
    if (!base) return null;
    const newer = extra.filter((e) => e.id > base.cursor);
    let steps = base.steps;
    let runStatus = base.run.status;
    for (const e of newer) {
      steps = applyStepEvent(steps, e);
      if (RUN_EVENT_STATUS[e.type]) runStatus = RUN_EVENT_STATUS[e.type];
      else if (e.type === "task.decided" || e.type === "step.started") runStatus = runStatus === "waiting" ? "running" : runStatus;
    }
    const events = [...base.events, ...newer];
    return { steps, runStatus, events };
  }, [base, extra]);

  const names = useMemo(() => Object.fromEntries((base?.graph?.nodes ?? []).map((n) => [n.id, n.name])), [base?.graph]);

  if (q.isPending) {
    return (
      <div role="status" className="grid gap-4" aria-busy="true" aria-label="Loading run">
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  }
  if (q.isError || !base || !live) {
    return (
      <Alert variant="destructive">
        <AlertTitle>Could not load this run</AlertTitle>
        <AlertDescription>{q.error?.message ?? "Unknown error"} — reload the page to try again.</AlertDescription>
      </Alert>
    );
  }

  const run = base.run;
  const openNode = (nodeId: string) => {
    const keys = stepKeysOf(live.steps, nodeId);
    if (!keys.length) {
      toast(
        `“${names[nodeId] ?? nodeId}” has not run in this run${live.runStatus === "running" || live.runStatus === "waiting" ? " yet" : ""}.`,
      );
      return;
    }
    setSelected({ nodeId, stepKey: keys[keys.length - 1] });
  };
  const openStep = (stepKey: string) => {
    const s = live.steps.find((x) => x.stepKey === stepKey);
    setSelected({ nodeId: s?.nodeId ?? stepKey, stepKey });
  };
  const duration = run.startedAtMs !== null ? (run.finishedAtMs ?? base.nowMs) - run.startedAtMs : null;

  return (
    <div className="grid gap-4">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">
              Run <span className="font-mono">{shortId(run.id)}</span>
            </h1>
            <StatusBadge status={live.runStatus} data-testid="run-status" />
            <OutcomeBadge outcome={run.outcome} />
            <RunHoldBadge runId={run.id} />
            {isActiveRun(live.runStatus) && <LiveStatus status={status} />}
          </div>
          <p className="text-sm text-muted-foreground">
            <Link href={`/workflows/${run.workflowId}`} className="font-medium text-foreground hover:underline">
              {run.workflowName ?? "Deleted workflow"}
            </Link>{" "}
            {run.version !== null && (run.version < 0 ? <>Test run of the draft · </> : <>v{run.version} · </>)}
            {triggerLabel(run.trigger)} · started by {run.initiatorName ?? (run.initiatorId ? "unknown user" : "the system")} ·{" "}
            <LocalTime value={run.startedAtMs ?? run.createdAt} /> ·{" "}
            {run.finishedAtMs !== null ? `took ${formatDuration(duration)}` : `running for ${formatDuration(duration)}`}
            {(run.tokens > 0 || run.costUsd > 0) && (
              <>
                {" "}
                · {formatTokens(run.tokens)} tokens · {formatCost(run.costUsd)}
              </>
            )}
          </p>
          <RunLinks parent={base.parent} source={base.source} childRuns={base.children} parentStepKey={run.parentStepKey} />
        </div>
        <RunControls
          runId={run.id}
          status={live.runStatus}
          steps={live.steps}
          tasks={base.tasks}
          canControl={canControl}
          names={names}
          onRerun={base.graph ? () => setRerunFrom(null) : undefined}
        />
        {(canExportEvidence || canHold) && (
          <div className="flex flex-wrap items-center gap-2">
            {canExportEvidence && (
              <Button asChild variant="outline" size="sm">
                <a href={`/api/v1/runs/${encodeURIComponent(run.id)}/evidence`} download>
                  <FileDown aria-hidden />
                  Evidence pack
                </a>
              </Button>
            )}
            {canHold && <RunHoldButton runId={run.id} />}
          </div>
        )}
      </header>

      {run.error && live.runStatus === "failed" && (
        <ErrorCard
          error={run.error}
          title="The run failed"
          stepKey={run.error.stepKey ?? null}
          stepName={
            run.error.stepKey
              ? (names[live.steps.find((x) => x.stepKey === run.error!.stepKey)?.nodeId ?? run.error.stepKey] ?? null)
              : null
          }
          attempt={run.error.stepKey ? (live.steps.find((x) => x.stepKey === run.error!.stepKey)?.attempt ?? null) : null}
          onOpenStep={openStep}
          data-testid="run-error"
        />
      )}
      {run.error && live.runStatus === "cancelled" && (
        <Alert>
          <AlertTitle>{`Cancelled${run.cancelledByName ? ` by ${run.cancelledByName}` : ""}`}</AlertTitle>
          <AlertDescription>{run.error.message}</AlertDescription>
        </Alert>
      )}

      <Card className="overflow-hidden p-0">
        {base.graph ? (
          <RunGraph
            graph={base.graph}
            graphKey={run.versionId}
            steps={live.steps}
            selectedNodeId={selected?.nodeId ?? null}
            onNodeClick={openNode}
            className="h-[26rem]"
          />
        ) : (
          <CardContent className="p-6 text-sm text-muted-foreground">{base.graphProblem}</CardContent>
        )}
      </Card>

      <Tabs defaultValue="timeline">
        <TabsList>
          <TabsTrigger value="timeline">Timeline</TabsTrigger>
          <TabsTrigger value="events">Event log</TabsTrigger>
          <TabsTrigger value="data">Input &amp; output</TabsTrigger>
        </TabsList>
        <TabsContent value="timeline" className="pt-3">
          <RunTimeline
            steps={live.steps}
            tasks={base.tasks}
            graph={base.graph}
            runStartMs={run.startedAtMs}
            runEndMs={run.finishedAtMs}
            serverNowMs={base.nowMs}
            names={names}
            selectedStepKey={selected?.stepKey ?? null}
            onSelect={openStep}
          />
        </TabsContent>
        <TabsContent value="events" className="pt-3">
          <RunEventLog
            runId={run.id}
            runStartMs={run.startedAtMs ?? Date.parse(run.createdAt)}
            events={live.events}
            hasOlder={base.hasOlderEvents}
            names={names}
            onStep={openStep}
          />
        </TabsContent>
        <TabsContent value="data" className="grid gap-4 pt-3 md:grid-cols-2">
          <JsonValue value={run.input} name={`run-${run.id}-input`} label="Run input" />
          <JsonValue value={run.output} name={`run-${run.id}-output`} label="Run output" />
        </TabsContent>
      </Tabs>

      <StepInspector
        runId={run.id}
        stepKeys={selected ? stepKeysOf(live.steps, selected.nodeId) : null}
        stepKey={selected?.stepKey ?? null}
        onStepKey={(k) => setSelected((s) => (s ? { ...s, stepKey: k } : s))}
        onClose={() => setSelected(null)}
        nodeName={selected ? names[selected.nodeId] : undefined}
        liveText={selected ? liveText[selected.stepKey] : undefined}
        pinWorkflowId={canControl ? run.workflowId : undefined}
        onRerun={
          canControl && base.graph && FINISHED.has(live.runStatus)
            ? (nodeId) => {
                setSelected(null);
                setRerunFrom(nodeId);
              }
            : undefined
        }
      />
      {rerunFrom !== undefined && base.graph && (
        <RerunDialog
          runId={run.id}
          graph={base.graph}
          steps={live.steps}
          runInput={run.input}
          initialNodeId={rerunFrom}
          onClose={() => setRerunFrom(undefined)}
        />
      )}
    </div>
  );
}

function stepKeysOf(steps: RunViewData["steps"], nodeId: string): string[] {
  return steps
    .filter((s) => s.nodeId === nodeId)
    .sort((a, b) => a.scheduledAtMs - b.scheduledAtMs)
    .map((s) => s.stepKey);
}

function RunLinks({
  parent,
  source,
  childRuns,
  parentStepKey,
}: {
  parent: RunLink | null;
  source: RunLink | null;
  childRuns: RunLink[];
  parentStepKey: string | null;
}) {
  if (!parent && !source && !childRuns.length) return null;
  return (
    <nav aria-label="Related runs" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {parent && (
        <Link href={`/runs/${parent.id}`} className="inline-flex items-center gap-1 hover:underline">
          <ArrowUpRightIcon aria-hidden className="size-3.5" /> Parent run {shortId(parent.id)}
          {parentStepKey && <span className="text-muted-foreground">(step {parentStepKey})</span>}
        </Link>
      )}
      {source && (
        <Link href={`/runs/${source.id}`} className="inline-flex items-center gap-1 hover:underline">
          <RotateCcwIcon aria-hidden className="size-3.5" /> Rerun of {shortId(source.id)}
        </Link>
      )}
      {childRuns.map((c) => (
        <Link key={c.id} href={`/runs/${c.id}`} className="inline-flex items-center gap-1 hover:underline">
          <GitBranchIcon aria-hidden className="size-3.5" /> Child {shortId(c.id)} ({c.status})
          {c.parentStepKey && ` from ${c.parentStepKey}`}
        </Link>
      ))}
    </nav>
  );
}
