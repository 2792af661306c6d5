"use client";
// "Run": start a run of the latest published version with an input form generated from its start
// node's input schema, then follow it live on the canvas (polling GET /api/v1/runs/:id every
// second until it finishes). Clicking a node shows its step input, output and error. The panel links
// to the run page, and the canvas brings the active (running or waiting) node into view, or the
// failed one when the run failed.
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useReactFlow } from "@xyflow/react";
import { useQuery } from "@tanstack/react-query";
import { ExternalLink, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { Skeleton } from "@/components/ui/skeleton";
import type { NodeRunStatus } from "@/components/canvas/canvas-types";
import { WorkflowGraphView } from "@/components/canvas/workflow-graph-view";
import { runQuery, versionQuery, type RunStep } from "@/lib/queries/workflows";
import { isTerminalRun } from "@/lib/model/vocabulary";
import type { DraftGraph } from "@/lib/model/draft-graph";
import type { VersionSummary } from "@/lib/workflows/types";
import { useEditorState } from "./use-editor";
import { PinOutputButton } from "./pin-output-button";
import { isPinnableKind } from "@/lib/model/pins";
import type { JsonSchema } from "@/lib/model/json-schema";
import { FormError } from "@/components/ui/form-error";

// The input dialog loads when Run is first pressed.
const StartRunDialog = dynamic(() => import("./start-run-dialog").then((m) => m.StartRunDialog), { ssr: false });

export interface RunController {
  /** Show the step details of a node (when a run is being followed). */
  showStep(nodeId: string): void;
}

/**
 * Whether the run's status can be drawn on the draft: same nodes (id, kind, name) and edges as the
 * version that ran. Otherwise the run is shown on its own pinned version graph.
 */
export function sameShape(a: Pick<DraftGraph, "nodes" | "edges">, b: Pick<DraftGraph, "nodes" | "edges">): boolean {
  const key = (g: Pick<DraftGraph, "nodes" | "edges">) =>
    JSON.stringify([
      g.nodes.map((n) => [n.id, n.kind, n.name]).sort(),
      g.edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle].join(" ")).sort(),
    ]);
  return a.nodes.length === b.nodes.length && a.edges.length === b.edges.length && key(a) === key(b);
}

/** The node to look at: the latest running or waiting step's, else the latest failed step's. */
export function focusNodeOf(steps: readonly RunStep[]): string | null {
  const active = steps.filter((s) => s.status === "running" || s.status === "waiting" || s.status === "pending");
  if (active.length) return active[active.length - 1].nodeId;
  const failed = steps.filter((s) => s.status === "failed");
  return failed.length ? failed[failed.length - 1].nodeId : null;
}

/** Latest step per node, with retry attempt and the number of iterations (loop frames). */
export function statusFromSteps(steps: readonly RunStep[]): Record<string, NodeRunStatus> {
  const out: Record<string, NodeRunStatus> = {};
  const count = new Map<string, number>();
  for (const step of steps) {
    count.set(step.nodeId, (count.get(step.nodeId) ?? 0) + 1);
    out[step.nodeId] = { status: step.status, attempt: step.attempt };
  }
  for (const [nodeId, n] of count) if (n > 1) out[nodeId] = { ...out[nodeId], iterations: n };
  return out;
}

function Json({ value }: { value: unknown }) {
  if (value === undefined || value === null) return <p className="text-xs text-muted-foreground italic">none</p>;
  return (
    <pre className="max-h-48 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-relaxed whitespace-pre-wrap">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function RunPanel({
  ref,
  open,
  onOpenChange,
  workflowId,
  latestVersion,
  canPublish,
  errors,
  graph,
  onPublishFirst,
  onStatus,
  testOpen,
  onTestOpenChange,
  saveDraft,
  canPin,
}: {
  ref: Ref<RunController | null>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The "Test run" dialog (a test run of the draft). */
  testOpen: boolean;
  onTestOpenChange: (open: boolean) => void;
  /** Save the draft before a test run; false when it could not be saved. */
  saveDraft: () => Promise<boolean>;
  /** Offer "Pin this output" on the steps of pinnable nodes. */
  canPin: boolean;
  workflowId: string;
  latestVersion: VersionSummary | null;
  canPublish: boolean;
  errors: number;
  graph: () => DraftGraph;
  onPublishFirst: () => void;
  onStatus: (status: Record<string, NodeRunStatus> | undefined) => void;
}) {
  // The run being followed and the version it runs (fixed when it started). A test run runs a
  // snapshot of the draft as it was when it started: `graph` is that draft.
  const [followed, setFollowed] = useState<{ runId: string; version: VersionSummary; test?: DraftGraph } | null>(null);
  const runId = followed?.runId ?? null;
  const [stepNode, setStepNode] = useState<string | null>(null);
  const [startShown, setStartShown] = useState(open);
  if (open && !startShown) setStartShown(true);
  const [testShown, setTestShown] = useState(testOpen);
  if (testOpen && !testShown) setTestShown(true);
  const testStart = useMemo(
    () => ({
      save: saveDraft,
      startSchema: () => {
        const start = graph().nodes.find((n) => n.kind === "start");
        return start?.kind === "start" ? (start.config as { inputSchema?: JsonSchema }).inputSchema : undefined;
      },
    }),
    [saveDraft, graph],
  );
  useImperativeHandle(ref, () => ({ showStep: (nodeId: string) => setStepNode(nodeId) }), []);

  const run = useQuery({ ...runQuery(runId ?? ""), enabled: runId !== null });
  const steps = useMemo(() => run.data?.steps ?? [], [run.data]);
  const status = useMemo(() => (runId ? statusFromSteps(steps) : undefined), [runId, steps]);

  // The status is drawn on the version that ran: on the draft when it still has that shape,
  // otherwise on a read-only view of the pinned version graph over the canvas.
  const pinned = useQuery({ ...versionQuery(workflowId, followed?.version.version ?? 0), enabled: followed !== null && !followed.test });
  const draftVersion = useEditorState((s) => s.version);
  const pinnedGraph = followed?.test ?? pinned.data?.graph;
  const onDraft = useMemo(() => {
    void draftVersion; // re-check when the draft changes
    return !pinnedGraph || sameShape(pinnedGraph, graph());
  }, [pinnedGraph, graph, draftVersion]);
  useEffect(() => onStatus(onDraft ? status : undefined), [status, onDraft, onStatus]);

  // Bring the node the run is at (or failed on) into view once each time it changes.
  const flow = useReactFlow();
  const focusNode = runId ? focusNodeOf(steps) : null;
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNode || !onDraft || focused.current === focusNode) return;
    focused.current = focusNode;
    void flow.fitView({ nodes: [{ id: focusNode }], duration: 300, maxZoom: 1, padding: 0.6 });
  }, [focusNode, onDraft, flow]);

  const nodeSteps = stepNode ? steps.filter((s) => s.nodeId === stepNode) : [];
  const stepGraphNode = stepNode ? (pinnedGraph ?? graph()).nodes.find((n) => n.id === stepNode) : undefined;
  const nodeName = stepGraphNode?.name ?? stepNode ?? "";
  const pinnable = canPin && stepGraphNode !== undefined && isPinnableKind(stepGraphNode.kind);
  const finished = run.data ? isTerminalRun(run.data.run.status) : false;

  return (
    <>
      {startShown && (
        <StartRunDialog
          open={open}
          onOpenChange={onOpenChange}
          workflowId={workflowId}
          latestVersion={latestVersion}
          canPublish={canPublish}
          errors={errors}
          onPublishFirst={onPublishFirst}
          onStarted={(id, version) => {
            setFollowed({ runId: id, version });
            setStepNode(null);
          }}
        />
      )}
      {testShown && (
        <StartRunDialog
          open={testOpen}
          onOpenChange={onTestOpenChange}
          workflowId={workflowId}
          latestVersion={latestVersion}
          canPublish={canPublish}
          errors={errors}
          onPublishFirst={onPublishFirst}
          test={testStart}
          onStarted={(id, version) => {
            setFollowed({ runId: id, version, test: graph() });
            setStepNode(null);
          }}
        />
      )}
      {followed && pinnedGraph && !onDraft && (
        <section aria-label="Run graph" className="absolute inset-0 z-[5] flex flex-col bg-background">
          <p className="border-b bg-muted/50 px-3 py-1.5 text-xs text-muted-foreground">
            The draft has changed since version {followed.version.version}: showing the graph this run uses. Close the run to go back to
            editing.
          </p>
          <WorkflowGraphView
            className="min-h-0 flex-1"
            graph={pinnedGraph}
            statusByNodeId={status}
            selectedNodeId={stepNode}
            onNodeClick={setStepNode}
            showMinimap
          />
        </section>
      )}
      {runId && (
        <section
          aria-label="Run"
          data-focus-node={focusNode ?? undefined}
          className="absolute top-3 right-3 z-10 flex max-h-[calc(100%-1.5rem)] w-80 flex-col rounded-lg border bg-popover text-popover-foreground shadow-lg"
        >
          <header className="flex items-center justify-between gap-2 border-b px-3 py-2">
            <div className="flex min-w-0 items-center gap-2">
              <h2 className="text-sm font-semibold">{followed?.test ? "Test run" : "Run"}</h2>
              {run.data ? <StatusBadge status={run.data.run.status} /> : <Skeleton className="h-5 w-16" />}
            </div>
            <Button
              variant="ghost"
              size="icon"
              className="size-7"
              aria-label="Close run"
              onClick={() => {
                setFollowed(null);
                setStepNode(null);
              }}
            >
              <X className="size-4" />
            </Button>
          </header>
          <div className="grid min-h-0 gap-3 overflow-y-auto p-3 text-sm">
            <p className="text-xs text-muted-foreground">
              {followed?.test ? "Draft (not published)" : `Version ${followed?.version.version}`} ·{" "}
              <code className="font-mono">{runId.slice(0, 8)}</code>
              {!finished && " · updating every second"}
            </p>
            <Link href={`/runs/${runId}`} className="inline-flex w-fit items-center gap-1 text-xs font-medium text-primary hover:underline">
              <ExternalLink aria-hidden className="size-3.5" /> Open run page
            </Link>
            {run.isError && <FormError size="xs">{run.error.message}</FormError>}
            {run.data?.run.error != null && (
              <div>
                <h3 className="text-xs font-medium">Run error</h3>
                <Json value={run.data.run.error} />
              </div>
            )}
            {finished && run.data?.run.output !== undefined && (
              <div>
                <h3 className="text-xs font-medium">Output</h3>
                <Json value={run.data.run.output} />
              </div>
            )}
            {stepNode ? (
              <div role="group" className="grid gap-2" aria-label={`Step ${nodeName}`}>
                <h3 className="text-sm font-semibold">{nodeName}</h3>
                {nodeSteps.length === 0 && <p className="text-xs text-muted-foreground">This node has not run (yet).</p>}
                {nodeSteps.map((s) => (
                  <div key={s.stepKey} className="grid gap-1.5 rounded-md border p-2">
                    <div className="flex items-center justify-between gap-2">
                      <code className="truncate text-[11px] text-muted-foreground">{s.stepKey}</code>
                      <StatusBadge status={s.status} />
                    </div>
                    <h4 className="text-xs font-medium">Input</h4>
                    <Json value={s.input} />
                    <h4 className="text-xs font-medium">Output</h4>
                    <Json value={s.output} />
                    {pinnable && s.status === "succeeded" && (
                      <PinOutputButton workflowId={workflowId} nodeId={s.nodeId} runId={runId} stepKey={s.stepKey} />
                    )}
                    {s.error != null && (
                      <>
                        <h4 className="text-xs font-medium text-destructive">Error</h4>
                        <Json value={s.error} />
                      </>
                    )}
                  </div>
                ))}
              </div>
            ) : (
              <p className="text-xs text-muted-foreground">Click a node to see its input and output.</p>
            )}
          </div>
        </section>
      )}
    </>
  );
}
