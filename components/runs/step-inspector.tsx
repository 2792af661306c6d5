"use client";
// Everything about one step, in a side sheet: status and timings, each attempt with its retry
// reason, the error with its details, input and output, model calls (messages, tool calls,
// response, tokens, cost, latency), and for approvals the task and its decisions. Values are
// masked on the server; large ones are collapsed with copy/download.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ExternalLinkIcon, StepForwardIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDuration } from "@/lib/format";
import { formatCost, formatTimeMs, shortId } from "@/lib/monitoring/format-run";
import { displayStatus, isHandledFailure } from "@/lib/monitoring/step-outcome";
import { subStepKind, subStepLabel } from "@/lib/monitoring/sub-step-names";
import type { StepDetail } from "@/lib/monitoring/run-view-types";
import { stepDetailQuery } from "@/lib/queries/runs";
import type { LiveText } from "@/lib/monitoring/live-text-merge";
import { ErrorCard } from "./error-card";
import { LiveAnswer } from "./live-answer";
import { JsonValue } from "./json-value";
import { PinOutputButton } from "@/components/editor/pin-output-button";
import { isPinnableKind } from "@/lib/model/pins";
import { LocalTime } from "./local-time";

export interface StepInspectorProps {
  runId: string;
  /** Step keys of the selected node (several for loop/map iterations); null closes the sheet. */
  stepKeys: string[] | null;
  stepKey: string | null;
  onStepKey: (key: string) => void;
  onClose: () => void;
  nodeName?: string;
  /** Offered for finished runs to users who may control runs. */
  onRerun?: (nodeId: string) => void;
  /** The answer a model is writing for this step right now (agent steps, streamed). */
  liveText?: LiveText;
  /** The run's workflow, for "Pin this output" (users who may edit workflows); absent: not offered. */
  pinWorkflowId?: string;
}

export function StepInspector({
  runId,
  stepKeys,
  stepKey,
  onStepKey,
  onClose,
  nodeName,
  onRerun,
  liveText,
  pinWorkflowId,
}: StepInspectorProps) {
  const open = stepKey !== null;
  return (
    <Sheet open={open} onOpenChange={(o) => !o && onClose()}>
      <SheetContent side="right" className="w-full overflow-y-auto sm:max-w-2xl" data-testid="step-inspector">
        <SheetHeader>
          <SheetTitle>{nodeName ?? stepKey ?? "Step"}</SheetTitle>
          <SheetDescription>
            Step <span className="font-mono">{stepKey}</span> of run <span className="font-mono">{shortId(runId)}</span>
          </SheetDescription>
        </SheetHeader>
        <div className="grid gap-4 px-4 pb-6">
          {stepKeys && stepKeys.length > 1 && stepKey && (
            <div className="flex items-center gap-2">
              <span id="iteration-label" className="text-sm text-muted-foreground">
                Iteration
              </span>
              <Select value={stepKey} onValueChange={onStepKey}>
                <SelectTrigger aria-labelledby="iteration-label" className="w-64">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {stepKeys.map((k, i) => (
                    <SelectItem key={k} value={k}>
                      #{i + 1} · {k}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          )}
          {stepKey && <StepBody runId={runId} stepKey={stepKey} onRerun={onRerun} liveText={liveText} pinWorkflowId={pinWorkflowId} />}
        </div>
      </SheetContent>
    </Sheet>
  );
}

function StepBody({
  runId,
  stepKey,
  onRerun,
  liveText,
  pinWorkflowId,
}: {
  runId: string;
  stepKey: string;
  onRerun?: (nodeId: string) => void;
  liveText?: LiveText;
  pinWorkflowId?: string;
}) {
  const q = useQuery(stepDetailQuery(runId, stepKey));
  if (q.isPending) {
    return (
      <div role="status" className="grid gap-2" aria-busy="true" aria-label="Loading step">
        <Skeleton className="h-6 w-1/3" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (q.isError) {
    return (
      <Alert variant="destructive">
        <AlertTitle>Could not load the step</AlertTitle>
        <AlertDescription>{q.error.message}</AlertDescription>
      </Alert>
    );
  }
  const d = q.data;
  const s = d.step;
  const took = s.startedAtMs !== null && s.finishedAtMs !== null ? s.finishedAtMs - s.startedAtMs : null;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={displayStatus(s)} data-testid="inspector-status" />
        <Badge variant="outline">{d.node?.kind ?? s.kind}</Badge>
        {s.attempt > 1 && <Badge variant="secondary">attempt {s.attempt}</Badge>}
        <span className="text-sm text-muted-foreground">
          Started <MsTime value={s.startedAtMs} /> · {took !== null ? `took ${formatDuration(took)}` : "not finished"}
        </span>
        {onRerun && s.kind !== "start" && (
          <Button variant="outline" size="sm" className="ml-auto" onClick={() => onRerun(s.nodeId)}>
            <StepForwardIcon aria-hidden /> Rerun from this step…
          </Button>
        )}
      </div>
      {s.error !== null && (
        <ErrorCard
          error={s.error}
          title={isHandledFailure(s) ? "Handled: the error edge took this failure" : undefined}
          handled={isHandledFailure(s)}
          stepKey={s.stepKey}
          stepName={d.node?.name ?? null}
          attempt={s.attempt}
          data-testid="inspector-error"
        />
      )}
      {liveText && s.finishedAtMs === null && <LiveAnswer live={liveText} />}
      <Tabs defaultValue={d.task ? "task" : d.modelCalls.length ? "model" : s.error !== null ? "attempts" : "output"}>
        <TabsList className="flex-wrap">
          <TabsTrigger value="input">Input</TabsTrigger>
          <TabsTrigger value="output">Output</TabsTrigger>
          <TabsTrigger value="attempts">Attempts ({d.attempts.length})</TabsTrigger>
          {d.modelCalls.length > 0 && <TabsTrigger value="model">{modelTabLabel(d)}</TabsTrigger>}
          {d.task && <TabsTrigger value="task">Task</TabsTrigger>}
          <TabsTrigger value="events">Events ({d.events.length})</TabsTrigger>
        </TabsList>
        <TabsContent value="input" className="pt-2">
          <JsonValue value={s.input} name={`${runId}-${stepKey}-input`} label="Input" />
        </TabsContent>
        <TabsContent value="output" className="pt-2">
          <JsonValue value={s.output} name={`${runId}-${stepKey}-output`} label="Output" />
          {s.outputHandle && <p className="mt-2 text-xs text-muted-foreground">Left through the “{s.outputHandle}” handle.</p>}
          {pinWorkflowId && s.status === "succeeded" && isPinnableKind(s.kind) && (
            <div className="mt-2">
              <PinOutputButton workflowId={pinWorkflowId} nodeId={s.nodeId} runId={runId} stepKey={s.stepKey} />
            </div>
          )}
        </TabsContent>
        <TabsContent value="attempts" className="pt-2">
          <Attempts detail={d} />
        </TabsContent>
        {d.modelCalls.length > 0 && (
          <TabsContent value="model" className="grid gap-3 pt-2">
            <ModelCalls detail={d} />
          </TabsContent>
        )}
        {d.task && (
          <TabsContent value="task" className="pt-2">
            <TaskPanel detail={d} />
          </TabsContent>
        )}
        <TabsContent value="events" className="pt-2">
          <ul className="grid gap-1 text-xs">
            {d.events.map((e) => (
              <li key={e.id} className="flex gap-2 font-mono">
                <MsTime value={e.atMs} className="text-muted-foreground" />
                <span>{e.type}</span>
                <span className="truncate text-muted-foreground">{JSON.stringify(e.data)}</span>
              </li>
            ))}
          </ul>
        </TabsContent>
      </Tabs>
      {d.children.length > 0 && (
        <div className="grid gap-1">
          <h3 className="text-sm font-medium">Child runs</h3>
          {d.children.map((c) => (
            <Link key={c.id} href={`/runs/${c.id}`} className="inline-flex items-center gap-2 text-sm hover:underline">
              <StatusBadge status={c.status} /> {c.workflowName ?? "Workflow"} · <span className="font-mono">{shortId(c.id)}</span>
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}

function Attempts({ detail }: { detail: StepDetail }) {
  if (!detail.attempts.length)
    return <p className="text-sm text-muted-foreground">No attempts recorded (the step was decided without running).</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>#</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Took</TableHead>
          <TableHead>Reason</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {detail.attempts.map((a) => (
          <TableRow key={a.attempt}>
            <TableCell>{a.attempt}</TableCell>
            <TableCell>
              <StatusBadge status={a.outcome === "retrying" || a.outcome === "interrupted" ? "failed" : a.outcome} label={a.outcome} />
            </TableCell>
            <TableCell>
              <MsTime value={a.startedAtMs} />
            </TableCell>
            <TableCell className="tabular-nums">
              {a.startedAtMs !== null && a.endedAtMs !== null ? formatDuration(a.endedAtMs - a.startedAtMs) : "—"}
            </TableCell>
            <TableCell className="max-w-64 text-xs break-words whitespace-normal">
              {a.reason ?? "—"}
              {a.code && <span className="ml-1 font-mono text-muted-foreground">({a.code})</span>}
              {a.retryAtMs !== null && (
                <span className="block text-muted-foreground">
                  retry at <LocalTime value={a.retryAtMs} />
                </span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ModelCalls({ detail }: { detail: StepDetail }) {
  return detail.modelCalls.map((c) => {
    const req = c.request as { messages?: unknown; tools?: unknown } | null;
    const res = c.response as { choices?: { message?: { tool_calls?: unknown } }[] } | null;
    const toolCalls = res?.choices?.[0]?.message?.tool_calls;
    const kind = subStepKind(c.model);
    if (kind !== "model") {
      // an agent's tool call, memory load or decision, stored beside its model calls: named for what it is
      return (
        <section
          key={c.id}
          className="grid gap-2 rounded-lg border border-dashed p-3"
          aria-label={`${subStepLabel(c.model)} (${c.seq + 1})`}
        >
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{subStepLabel(c.model)}</span>
            <span className="text-muted-foreground">{formatDuration(c.latencyMs)}</span>
          </div>
          {c.error && (
            <Alert variant="destructive">
              <AlertDescription>{c.error}</AlertDescription>
            </Alert>
          )}
          <JsonValue value={c.response} name={`sub-step-${c.seq}-result`} label="Result" />
        </section>
      );
    }
    return (
      <section key={c.id} className="grid gap-2 rounded-lg border p-3" aria-label={`Model call ${c.seq + 1}`}>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">Call {c.seq + 1}</span>
          <Badge variant="outline">{c.model}</Badge>
          <span className="text-muted-foreground">
            {c.inputTokens} in / {c.outputTokens} out tokens · {formatCost(c.costUsd)} · {formatDuration(c.latencyMs)}
          </span>
        </div>
        {c.error && (
          <Alert variant="destructive">
            <AlertDescription>{c.error}</AlertDescription>
          </Alert>
        )}
        <JsonValue value={req?.messages ?? c.request} name={`model-call-${c.seq}-messages`} label="Messages" />
        {toolCalls !== undefined && toolCalls !== null && (
          <JsonValue value={toolCalls} name={`model-call-${c.seq}-tool-calls`} label="Tool calls" />
        )}
        <JsonValue value={c.response} name={`model-call-${c.seq}-response`} label="Response" />
      </section>
    );
  });
}

function TaskPanel({ detail }: { detail: StepDetail }) {
  const t = detail.task!;
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t.title}</span>
        <StatusBadge
          status={
            t.status === "approved" ? "succeeded" : t.status === "open" ? "waiting" : t.status === "rejected" ? "failed" : "cancelled"
          }
          label={t.status.replace("_", " ")}
        />
        {t.status === "open" && (
          <Link href={`/inbox/${t.id}`} className="inline-flex items-center gap-1 text-sm text-primary hover:underline">
            Open the task <ExternalLinkIcon aria-hidden className="size-3.5" />
          </Link>
        )}
      </div>
      <p className="text-sm text-muted-foreground">
        Created <LocalTime value={t.createdAtMs} />
        {t.decidedAtMs !== null && (
          <>
            {" "}
            · closed <LocalTime value={t.decidedAtMs} /> · waited {formatDuration(t.decidedAtMs - t.createdAtMs)}
          </>
        )}
        {" · "}quorum {t.quorum} · assigned to {t.assignees.map((a) => `${a.type} ${a.value}`).join(", ") || "nobody"}
      </p>
      {t.instructions && <p className="text-sm whitespace-pre-wrap">{t.instructions}</p>}
      <JsonValue value={t.payload} name={`task-${t.id}-payload`} label="Proposed payload" />
      <h3 className="text-sm font-medium">Decisions</h3>
      {t.decisions.length === 0 ? (
        <p className="text-sm text-muted-foreground">No decisions yet.</p>
      ) : (
        <ul className="grid gap-2">
          {t.decisions.map((d) => (
            <li key={d.id} className="rounded-md border p-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge
                  status={d.decision === "approve" ? "succeeded" : "failed"}
                  label={d.decision === "approve" ? "Approved" : "Rejected"}
                />
                <span>{d.userName ?? d.userId}</span>
                <LocalTime value={d.atMs} className="text-muted-foreground" />
              </div>
              {d.comment && <p className="mt-1 whitespace-pre-wrap">{d.comment}</p>}
              {d.diff !== null && <JsonValue value={d.diff} name={`decision-${d.id}-diff`} label="Edits" className="mt-1" />}
            </li>
          ))}
        </ul>
      )}
      {t.result !== null && <JsonValue value={t.result} name={`task-${t.id}-result`} label="Result" />}
    </div>
  );
}

/** An absolute time to the millisecond (steps of one run often start within the same second). */
function MsTime({ value, className }: { value: number | null | undefined; className?: string }) {
  if (value === null || value === undefined) return <span className={className}>—</span>;
  return (
    <time dateTime={new Date(value).toISOString()} title={new Date(value).toISOString()} className={className} suppressHydrationWarning>
      {formatTimeMs(value)}
    </time>
  );
}

/** "Model calls (2)", or "Model calls (2) + 3 agent steps" when tool calls, memory loads or decisions are stored with them. */
function modelTabLabel(d: StepDetail): string {
  const models = d.modelCalls.filter((c) => subStepKind(c.model) === "model").length;
  const others = d.modelCalls.length - models;
  return `Model calls (${models})${others ? ` + ${others} agent step${others === 1 ? "" : "s"}` : ""}`;
}
