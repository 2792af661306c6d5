"use client";
// The workflow editor: palette, canvas, inspector, problems, autosave with conflict handling,
// publish, versions, import/export and keyboard shortcuts. State lives in EditorStore; this file
// wires it to React Flow and the panels.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import {
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeMouseHandler,
  type OnBeforeDelete,
  type Viewport,
} from "@xyflow/react";
import { useQueryClient } from "@tanstack/react-query";
import type { CanvasEdge, CanvasNode, NodeProblemSummary, NodeRunStatus } from "@/components/canvas/canvas-types";
import { NODE_WIDTH } from "@/components/canvas/canvas-types";
import { FitOnOpen } from "@/components/canvas/fit-on-open";
import { initialViewport } from "@/components/canvas/initial-viewport";
import { estimateNode, withEstimate } from "@/components/canvas/node-estimate";
import { WorkflowCanvas } from "@/components/canvas/workflow-canvas";
import { toast } from "@/components/ui/toaster";
import { ApiClientError } from "@/lib/queries/api-fetch";
import {
  deleteWorkflow,
  duplicateWorkflow,
  exportUrl,
  makeVersionLive,
  publishWorkflow,
  renameWorkflow,
  restoreVersion,
  workflowKeys,
} from "@/lib/queries/workflows";
import { connectionProblem, type ConnectionAttempt } from "@/lib/model/graph-edit";
import type { NodeKind } from "@/lib/model/node-kind";
import { nodeKinds } from "@/lib/model/node-kinds";
import { placeNode, type Box } from "@/lib/model/node-placement";
import type { LiveVersion, VersionSummary, WorkflowDetail } from "@/lib/workflows/types";
import { Autosave } from "./autosave";
import { DesignEnvContext } from "./design-env-context";
import { DragFrames } from "./drag-frames";
import { EditorStore, type EditorState } from "./editor-store";
import type { DesignEnvironment } from "@/lib/model/validate-graph";
import { hasChanges } from "@/lib/model/diff-changes";
import { EditorToolbar } from "./editor-toolbar";
import { InspectorPanel, type InspectorControl } from "./inspector/inspector-panel";
import { NodePalette, PALETTE_DRAG_TYPE } from "./node-palette";
import { RunPanel, type RunController } from "./run-panel";
import { PinBadges } from "./pin-badges";
import { useSaveStatus } from "./save-indicator";
import { EditorStoreContext, useEditorState } from "./use-editor";
import { useEditorKeyboard } from "./use-editor-keyboard";
import { usePhoneScreen } from "./narrow-screen";
import { useValidation } from "./use-validation";
import { useUnpublishedChanges } from "./use-unpublished-changes";

// Dialogs and panels that are not on screen when the editor opens load on first use, so the
// editor's first-load JavaScript is the canvas, palette, toolbar and inspector shell only.
const ConflictDialog = dynamic(() => import("./conflict-dialog").then((m) => m.ConflictDialog), { ssr: false });
const PublishDialog = dynamic(() => import("./publish-dialog").then((m) => m.PublishDialog), { ssr: false });
const ShortcutsDialog = dynamic(() => import("./shortcuts-dialog").then((m) => m.ShortcutsDialog), { ssr: false });
const ValidationPanel = dynamic(() => import("./validation-panel").then((m) => m.ValidationPanel), { ssr: false });
const VersionsSheet = dynamic(() => import("./versions-sheet").then((m) => m.VersionsSheet), { ssr: false });

/** True from the first time `open` is true: a lazily loaded dialog stays mounted to animate closing. */
function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}

export interface WorkflowEditorProps {
  workflow: WorkflowDetail;
  /** The workspace's references for the design-time checks (designers only). */
  designEnv?: DesignEnvironment;
  canWrite: boolean;
  canRun: boolean;
}

export function WorkflowEditor(props: WorkflowEditorProps) {
  const [store] = useState(() => new EditorStore(props.workflow.draft.graph));
  return (
    <EditorStoreContext.Provider value={store}>
      <DesignEnvContext.Provider value={props.designEnv}>
        <ReactFlowProvider>
          <EditorShell {...props} store={store} />
        </ReactFlowProvider>
      </DesignEnvContext.Provider>
    </EditorStoreContext.Provider>
  );
}

function EditorShell({ workflow, designEnv, canWrite, canRun, store }: WorkflowEditorProps & { store: EditorStore }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  // On a phone the editor is a view: a canvas that small is no place to edit (see the notice).
  const phone = usePhoneScreen();
  const readOnly = !canWrite || phone;
  const canvasRef = useRef<HTMLDivElement>(null);
  // The same element as state, for the tablet inspector sheet that mounts in it.
  const [canvasEl, setCanvasEl] = useState<HTMLDivElement | null>(null);
  const setCanvas = useCallback((el: HTMLDivElement | null) => {
    canvasRef.current = el;
    setCanvasEl(el);
  }, []);
  const inspectorRef = useRef<InspectorControl>(null);

  const [autosave] = useState(() => new Autosave(store, workflow.id, workflow.draft.revision));
  useEffect(() => {
    if (readOnly) return;
    autosave.start();
    return () => autosave.dispose();
  }, [autosave, readOnly]);
  const saveStatus = useSaveStatus(autosave);
  const conflictShown = useOpenedOnce(saveStatus.state === "conflict");

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (!readOnly && autosave.isDirty()) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [autosave, readOnly]);

  const validation = useValidation(store, designEnv);
  // The shell never subscribes to the nodes array: a drag frame re-renders only EditorCanvas.
  const hasStart = useEditorState(selectHasStart);

  const [name, setName] = useState(workflow.name);
  const [description, setDescription] = useState(workflow.description);
  const [latest, setLatest] = useState<VersionSummary | null>(workflow.latestVersion);
  const unpublished = useUnpublishedChanges(store, workflow.id, latest?.version ?? null);
  const [live, setLive] = useState<LiveVersion | null>(workflow.liveVersion);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [runOpen, setRunOpen] = useState(false);
  const [testRunOpen, setTestRunOpen] = useState(false);
  const runRef = useRef<RunController | null>(null);
  const publishShown = useOpenedOnce(publishOpen);
  const versionsShown = useOpenedOnce(versionsOpen);
  const helpShown = useOpenedOnce(helpOpen);

  // ---------- placing nodes ----------

  /** The visible part of the canvas in flow coordinates, less the space the controls take. */
  const visibleArea = useCallback((): Box | null => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect || rect.width <= 0 || rect.height <= 0) return null;
    const a = flow.screenToFlowPosition({ x: rect.left, y: rect.top });
    const b = flow.screenToFlowPosition({ x: rect.right, y: rect.bottom });
    return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
  }, [flow]);

  /**
   * Where a new node of `size` goes: next to the selected node or at the centre of the view, on no
   * other node and inside the view (lib/model/node-placement.ts). Brings the spot into view when
   * the view has no room left.
   */
  const placeFor = useCallback(
    (size: { width: number; height: number }, nextToSelection: boolean) => {
      const nodes = store.getState().nodes;
      const boxes = nodes.map((n) => {
        const m = withEstimate(n).measured ?? {};
        return { x: n.position.x, y: n.position.y, width: m.width ?? NODE_WIDTH, height: m.height ?? 90 };
      });
      const selected = nextToSelection ? nodes.findLastIndex((n) => n.selected) : -1;
      const view = visibleArea() ?? { x: 0, y: 0, width: 1200, height: 800 };
      const spot = placeNode({ existing: boxes, size, view, anchor: selected >= 0 ? boxes[selected] : null });
      if (!spot.inView) void flow.setCenter(spot.x + size.width / 2, spot.y + size.height / 2, { zoom: flow.getZoom(), duration: 200 });
      return { x: spot.x, y: spot.y };
    },
    [store, flow, visibleArea],
  );

  const addAtCentre = useCallback(
    (kind: NodeKind) => {
      const { width, height } = estimateNode({
        type: kind,
        data: { config: structuredClone(nodeKinds[kind].defaults) } as CanvasNode["data"],
      });
      store.addNode(kind, placeFor({ width, height }, true));
    },
    [store, placeFor],
  );

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  };
  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(PALETTE_DRAG_TYPE) as NodeKind;
    if (readOnly || !kind) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    store.addNode(kind, { x: p.x - NODE_WIDTH / 2, y: p.y - 24 });
  };

  // ---------- canvas callbacks ----------

  const explainConnection = useCallback((c: ConnectionAttempt) => connectionProblem(store.toGraph(), c), [store]);
  const isValidConnection = useCallback(
    (c: Connection | Edge) =>
      connectionProblem(store.toGraph(), {
        source: c.source,
        sourceHandle: c.sourceHandle,
        target: c.target,
        targetHandle: c.targetHandle,
      }) === null,
    [store],
  );
  const onBeforeDelete: OnBeforeDelete<CanvasNode, CanvasEdge> = useCallback(
    async ({ nodes: n, edges: e }) => {
      if (n.length + e.length > 0) store.beforeDelete();
      return true;
    },
    [store],
  );

  const focusNode = useCallback(
    (id: string) => {
      const node = store.getState().nodes.find((n) => n.id === id);
      if (!node) return;
      store.selectOnly([id]);
      // The tablet sheet brings the node into the part of the canvas it leaves visible.
      if (inspectorRef.current?.isSheet()) return inspectorRef.current.open();
      const w = node.measured?.width ?? NODE_WIDTH;
      const h = node.measured?.height ?? 80;
      void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
    },
    [store, flow],
  );

  const layout = useCallback(() => {
    // dagre loads with the first layout.
    void import("./auto-layout").then(({ layoutPositions }) => {
      const { nodes: n, edges: e } = store.getState();
      store.moveNodes(layoutPositions(n, e));
      requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 }));
    });
  }, [store, flow]);

  const onNodeClick: NodeMouseHandler<CanvasNode> = useCallback((_, node) => {
    runRef.current?.showStep(node.id);
    // A click on the selected node opens the tablet inspector sheet again after it was closed.
    inspectorRef.current?.open();
  }, []);
  // Enter on a focused node selects it (React Flow) and, on a tablet, opens the sheet with focus in it.
  const onCanvasKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && e.target instanceof Element && e.target.matches(".react-flow__node"))
      inspectorRef.current?.open({ focus: true });
  };

  // ---------- keyboard & clipboard ----------

  const keyboard = useEditorKeyboard(store, {
    readOnly,
    pastePosition: () => placeFor({ width: NODE_WIDTH, height: 90 }, false),
    onPasted: ({ pasted, skippedStart, droppedWebhooks }) => {
      if (pasted > 0) toast.success(`Pasted ${pasted} node${pasted === 1 ? "" : "s"}`);
      if (skippedStart > 0) toast("The workflow already has a Start, so the copied Start was left out.");
      if (droppedWebhooks > 0) toast("Webhook triggers belong to the copied workflow, so they were left out: add a new webhook here.");
    },
    onCopied: (count) => toast(`Copied ${count} node${count === 1 ? "" : "s"}`),
    onHelp: () => setHelpOpen(true),
    onLayout: layout,
    onFitView: () => void flow.fitView({ padding: 0.2, duration: 300, maxZoom: 1 }),
  });

  // ---------- server actions ----------

  const onRename = useCallback(
    async (patch: { name?: string; description?: string }) => {
      try {
        await renameWorkflow(workflow.id, patch);
        if (patch.name !== undefined) setName(patch.name);
        if (patch.description !== undefined) setDescription(patch.description);
        toast.success("Workflow updated");
        return true;
      } catch (e) {
        toast.error("Could not rename", { description: e instanceof Error ? e.message : undefined });
        return false;
      }
    },
    [workflow.id],
  );
  const workflowInfo = useMemo(() => ({ name, description, onRename }), [name, description, onRename]);

  const ensureSaved = async (): Promise<boolean> => {
    if (readOnly) return true;
    const ok = await autosave.flush();
    if (!ok && autosave.getStatus().state !== "conflict")
      toast.error("The draft could not be saved", { description: autosave.getStatus().error });
    return ok;
  };

  const onPublish = async (message: string, makeLive: boolean) => {
    if (!(await ensureSaved())) throw new Error("Save the draft first (see the save status).");
    const res = await publishWorkflow(workflow.id, { message, expectedRevision: autosave.getStatus().revision, makeLive });
    setLatest(res.version);
    if (res.live) setLive({ ...res.version, since: res.version.createdAt, by: res.version.author });
    await queryClient.invalidateQueries({ queryKey: workflowKeys.versions(workflow.id) });
    toast.success(`Published version ${res.version.version}${res.live ? " (live)" : " (not live)"}`, {
      // Server-side warnings (e.g. a credential that no longer exists) are not in the editor's own checks: name them.
      description: res.warnings.length
        ? `${res.warnings.length} warning${res.warnings.length === 1 ? "" : "s"} remain: ${res.warnings
            .slice(0, 3)
            .map((w) => w.message)
            .join("; ")}${res.warnings.length > 3 ? "; …" : ""}`
        : undefined,
    });
  };

  const onMakeLive = async (version: number) => {
    try {
      const res = await makeVersionLive(workflow.id, version);
      setLive(res.live);
      await queryClient.invalidateQueries({ queryKey: workflowKeys.versions(workflow.id) });
      toast.success(`Version ${version} is live`);
    } catch (e) {
      toast.error("Could not make it live", { description: e instanceof Error ? e.message : undefined });
      throw e;
    }
  };

  const onRestore = async (version: number) => {
    try {
      const { draft } = await restoreVersion(workflow.id, version);
      autosave.adopt(draft);
      requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 }));
      toast.success(`Version ${version} restored as the draft`);
    } catch (e) {
      toast.error("Could not restore", { description: e instanceof Error ? e.message : undefined });
      throw e;
    }
  };

  const onExport = async () => {
    if (!(await ensureSaved())) return;
    const a = document.createElement("a");
    a.href = exportUrl(workflow.id);
    a.download = "";
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const onDuplicate = async () => {
    if (!(await ensureSaved())) return;
    try {
      const { workflow: copy } = await duplicateWorkflow(workflow.id);
      toast.success(`Created “${copy.name}”`);
      router.push(`/workflows/${copy.id}`);
    } catch (e) {
      toast.error("Could not duplicate", { description: e instanceof Error ? e.message : undefined });
    }
  };

  const onDelete = async () => {
    try {
      autosave.dispose({ flush: false });
      await deleteWorkflow(workflow.id);
      toast.success(`Deleted “${name}”`);
      router.push("/workflows");
      router.refresh();
    } catch (e) {
      if (!readOnly) autosave.start();
      const message = e instanceof ApiClientError ? e.message : "Could not delete the workflow.";
      toast.error("Not deleted", { description: message });
    }
  };

  const copySelection = keyboard.copySelection;
  const onCopySelection = useCallback(
    () =>
      void copySelection().then((n) => {
        if (n) toast(`Copied ${n} node${n === 1 ? "" : "s"}`);
      }),
    [copySelection],
  );

  const problemsByNodeId = validation.byNode;
  const nodeName = useCallback((id: string) => store.getState().nodes.find((n) => n.id === id)?.data.name, [store]);
  const [runStatus, setRunStatus] = useState<Record<string, NodeRunStatus> | undefined>(undefined);

  // First view, computed from the graph and the canvas size before React Flow mounts: the first
  // frame is drawn in place, and a large graph mounts only the nodes in that view.
  const [defaultViewport, setDefaultViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const rect = canvasRef.current?.getBoundingClientRect();
    setDefaultViewport(initialViewport(store.getState().nodes, { width: rect?.width ?? 0, height: rect?.height ?? 0 }));
  }, [store]);

  return (
    <div className="-m-4 flex h-[calc(100dvh-3.5rem)] flex-col lg:-m-6">
      <EditorToolbar
        name={name}
        latestVersion={latest}
        liveVersion={live}
        unpublished={unpublished !== null && hasChanges(unpublished)}
        saveStatus={saveStatus}
        readOnly={readOnly}
        canRun={canRun}
        validation={validation}
        problemsOpen={problemsOpen}
        onToggleProblems={() => setProblemsOpen((o) => !o)}
        onLayout={layout}
        onPublish={() => setPublishOpen(true)}
        onVersions={() => setVersionsOpen(true)}
        onExport={() => void onExport()}
        onDuplicate={() => void onDuplicate()}
        onDelete={onDelete}
        onHelp={() => setHelpOpen(true)}
        onRun={() => setRunOpen(true)}
        onTestRun={canRun && !readOnly ? () => setTestRunOpen(true) : undefined}
      />
      <div className="flex min-h-0 flex-1">
        {!readOnly && <NodePalette onAdd={addAtCentre} hasStart={hasStart} />}
        {/* The Problems panel docks under the canvas instead of floating over it: over it, it covered the
            zoom controls and the minimap, which sit at the canvas's bottom corners (at 768 px, all of it). */}
        <div className="flex min-w-0 flex-1 flex-col">
          <div
            ref={setCanvas}
            className="relative min-h-0 flex-1"
            onDragOver={onDragOver}
            onDrop={onDrop}
            onKeyDown={onCanvasKeyDown}
            data-testid="editor-canvas"
          >
            {defaultViewport && (
              <EditorCanvas
                store={store}
                defaultViewport={defaultViewport}
                readOnly={readOnly}
                problemsByNodeId={problemsByNodeId}
                statusByNodeId={runStatus}
                explainConnection={explainConnection}
                isValidConnection={isValidConnection}
                onBeforeDelete={onBeforeDelete}
                onNodeClick={onNodeClick}
              />
            )}
            {phone && canWrite && (
              <p
                role="note"
                data-testid="phone-read-only"
                className="absolute top-2 right-2 left-2 z-10 rounded-md border bg-background/95 px-3 py-2 text-xs leading-snug shadow-sm"
              >
                <span className="font-medium">Read only on a phone.</span> Open this workflow on a wider screen (640 px or more) to edit it.
              </p>
            )}
            <RunPanel
              ref={runRef}
              open={runOpen}
              onOpenChange={setRunOpen}
              workflowId={workflow.id}
              latestVersion={latest}
              canPublish={canWrite}
              errors={validation.errors}
              graph={() => store.toGraph()}
              onPublishFirst={() => {
                setRunOpen(false);
                setPublishOpen(true);
              }}
              onStatus={setRunStatus}
              testOpen={testRunOpen}
              onTestOpenChange={setTestRunOpen}
              saveDraft={ensureSaved}
              canPin={!readOnly}
            />
            <PinBadges workflowId={workflow.id} />
          </div>
          {problemsOpen && (
            <ValidationPanel
              problems={validation.problems}
              nodeName={nodeName}
              onSelectNode={focusNode}
              onClose={() => setProblemsOpen(false)}
            />
          )}
        </div>
        <InspectorPanel
          problems={validation.problems}
          readOnly={readOnly}
          workflow={workflowInfo}
          onCopy={onCopySelection}
          canvas={canvasEl}
          controlRef={inspectorRef}
        />
      </div>

      {conflictShown && (
        <ConflictDialog
          conflict={saveStatus.state === "conflict" ? (saveStatus.conflict ?? undefined) : undefined}
          onKeepMine={() => autosave.keepMine()}
          onLoadTheirs={() => autosave.loadTheirs()}
        />
      )}
      {publishShown && (
        <PublishDialog
          open={publishOpen}
          onOpenChange={setPublishOpen}
          errors={validation.errors}
          warnings={validation.problems.filter((p) => p.severity === "warning")}
          changes={latest && unpublished ? { since: latest.version, diff: unpublished } : null}
          nextVersion={(latest?.version ?? 0) + 1}
          onPublish={onPublish}
          onShowProblems={() => setProblemsOpen(true)}
        />
      )}
      {versionsShown && (
        <VersionsSheet
          workflowId={workflow.id}
          open={versionsOpen}
          onOpenChange={setVersionsOpen}
          canRestore={canWrite}
          onRestore={onRestore}
          onMakeLive={onMakeLive}
        />
      )}
      {helpShown && <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />}
    </div>
  );
}

const selectHasStart = (s: EditorState) => s.nodes.some((n) => n.type === "start");
const selectCanvasNodes = (s: EditorState) => s.canvasNodes;
const selectEdges = (s: EditorState) => s.edges;

/**
 * The only part of the editor that subscribes to the nodes and edges arrays, memoized so the
 * shell's own updates (save status, validation, dialogs) do not re-render React Flow.
 */
const EditorCanvas = memo(function EditorCanvas({
  store,
  defaultViewport,
  readOnly,
  problemsByNodeId,
  statusByNodeId,
  explainConnection,
  isValidConnection,
  onBeforeDelete,
  onNodeClick,
}: {
  store: EditorStore;
  defaultViewport: Viewport;
  readOnly: boolean;
  problemsByNodeId: Record<string, NodeProblemSummary>;
  statusByNodeId: Record<string, NodeRunStatus> | undefined;
  explainConnection: (c: ConnectionAttempt) => string | null;
  isValidConnection: (c: Connection | Edge) => boolean;
  onBeforeDelete: OnBeforeDelete<CanvasNode, CanvasEdge>;
  onNodeClick: NodeMouseHandler<CanvasNode>;
}) {
  const nodes = useEditorState(selectCanvasNodes);
  const edges = useEditorState(selectEdges);
  return (
    <WorkflowCanvas
      nodes={nodes}
      edges={edges}
      defaultViewport={defaultViewport}
      readOnly={readOnly}
      problemsByNodeId={problemsByNodeId}
      statusByNodeId={statusByNodeId}
      explainConnection={explainConnection}
      isValidConnection={isValidConnection}
      onNodesChange={store.onNodesChange}
      onEdgesChange={store.onEdgesChange}
      onConnect={store.onConnect}
      onBeforeDelete={onBeforeDelete}
      onNodeDragStart={store.beginMove}
      onNodeDragStop={store.endMove}
      onSelectionDragStart={store.beginMove}
      onSelectionDragStop={store.endMove}
      onNodeClick={onNodeClick}
    >
      <FitOnOpen />
      {!readOnly && <DragFrames store={store} />}
    </WorkflowCanvas>
  );
});
