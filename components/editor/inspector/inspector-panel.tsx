"use client";
// The right-hand panel: the selected node's name, generated config form and reliability settings;
// with several nodes selected, bulk actions; with none, the workflow's own name and description.
// On a tablet-sized screen the same content is a sheet over the canvas (inspector-sheet.tsx).
import { memo, useCallback, useDeferredValue, useImperativeHandle, useRef, useState, type Ref } from "react";
import { createPortal } from "react-dom";
import dynamic from "next/dynamic";
import { Copy, PanelRightOpen, Trash2 } from "lucide-react";
import { PanelToggle } from "../panel-toggle";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { Problem } from "@/lib/model/validate-graph";
import { shallowArrayEqual, useEditorState, useEditorStore } from "../use-editor";
import { isNarrowScreen, useTabletSheetSide } from "../narrow-screen";
import { useStoredFlag } from "@/components/canvas/use-stored-flag";
import { FieldRow } from "./field-row";

// Loaded with the first selected node.
const NodeInspector = dynamic(() => import("./node-inspector").then((m) => m.NodeInspector), {
  ssr: false,
  loading: () => <p className="p-4 text-xs text-muted-foreground">Loading…</p>,
});
// Loaded only on a tablet-sized screen.
const InspectorSheet = dynamic(() => import("./inspector-sheet").then((m) => m.InspectorSheet), { ssr: false });

const selectDragging = (s: { dragging: boolean }) => s.dragging;
const selectSelectedIds = (s: { nodes: { id: string; selected?: boolean }[] }) => s.nodes.filter((n) => n.selected).map((n) => n.id);

/** What the editor asks of the inspector: show it (the tablet sheet; the side panel always shows). */
export interface InspectorControl {
  /** Open the sheet and bring the selected node into view; `focus` moves focus into it. */
  open(options?: { focus?: boolean }): void;
  /** True when the inspector is a sheet (tablet-sized screen): it reveals the node itself. */
  isSheet(): boolean;
}

type WorkflowInfoProps = {
  name: string;
  description: string;
  onRename: (patch: { name?: string; description?: string }) => Promise<boolean>;
};

/** Memoized: the editor re-renders on save status and validation, the panel only when its inputs change. */
export const InspectorPanel = memo(function InspectorPanel({
  problems,
  readOnly,
  workflow,
  onCopy,
  canvas,
  controlRef,
}: {
  problems: Problem[];
  readOnly: boolean;
  workflow: WorkflowInfoProps;
  onCopy: () => void;
  /** The canvas element, where the tablet sheet is mounted. */
  canvas: HTMLElement | null;
  controlRef?: Ref<InspectorControl>;
}) {
  const store = useEditorStore();
  // Dragging a node selects it; its form mounts when the drop ends the drag, not during the drag's
  // frames (a form is tens of milliseconds of work). Deferred, so even then it renders in an
  // interruptible background pass.
  const current = useEditorState(selectSelectedIds, shallowArrayEqual);
  const dragging = useEditorState(selectDragging);
  const [shown, setShown] = useState(current);
  if (!dragging && shown !== current) setShown(current);
  const selected = useDeferredValue(shown);
  const [collapsed, setCollapsed] = useStoredFlag("switchyard.editor.inspector-collapsed", false, isNarrowScreen);

  // The tablet sheet: opens when the selection changes to something, closes when it empties.
  const side = useTabletSheetSide();
  const selectionKey = shown.join("\u0000");
  const [sheet, setSheet] = useState({ open: false, for: "", focus: false, reveal: 0 });
  if (sheet.for !== selectionKey)
    setSheet({ open: shown.length > 0, for: selectionKey, focus: shown.length > 0 && sheet.focus, reveal: sheet.reveal + 1 });
  const sheetMode = side !== null && canvas !== null;
  useImperativeHandle(
    controlRef,
    () => ({
      open: (options) => setSheet((s) => ({ ...s, open: true, focus: options?.focus ?? false, reveal: s.reveal + 1 })),
      isSheet: () => sheetMode,
    }),
    [sheetMode],
  );
  // Closed by Escape or the close button, focus goes back to the node; closed because the selection
  // emptied (a click on the canvas), focus stays where that click put it unless it was in the sheet.
  const closedByUser = useRef(false);
  const closeSheet = useCallback(() => {
    closedByUser.current = true;
    setSheet((s) => ({ ...s, open: false, focus: false }));
  }, []);
  const focusAfterClose = useCallback(() => {
    const byUser = closedByUser.current;
    closedByUser.current = false;
    if (!byUser && document.activeElement && document.activeElement !== document.body) return;
    const id = store.selectedNodeIds()[0];
    const node = id ? canvas?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`) : null;
    (node ?? canvas?.querySelector<HTMLElement>("[data-inspector-open]"))?.focus();
  }, [store, canvas]);

  const body =
    selected.length === 1 ? (
      <NodeInspector key={selected[0]} nodeId={selected[0]} problems={problems} readOnly={readOnly} />
    ) : selected.length > 1 ? (
      <div className="grid gap-3 p-4">
        <h2 className="text-sm font-semibold">{selected.length} nodes selected</h2>
        <p className="text-xs text-muted-foreground">Copy them to paste into this or another workflow, or delete them.</p>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" onClick={onCopy}>
            <Copy className="size-3.5" aria-hidden /> Copy
          </Button>
          {!readOnly && (
            <Button variant="outline" size="sm" onClick={() => store.deleteNodes(selected)}>
              <Trash2 className="size-3.5" aria-hidden /> Delete
            </Button>
          )}
        </div>
      </div>
    ) : (
      <WorkflowInfo key={`${workflow.name}\u0000${workflow.description}`} readOnly={readOnly} {...workflow} />
    );

  if (sheetMode) {
    return (
      <>
        {/* Opens the sheet with nothing selected (the workflow's name and description) or again after closing it. */}
        {!sheet.open &&
          createPortal(
            <Button
              variant="outline"
              size="sm"
              data-inspector-open
              className="absolute top-2 left-2 z-10 h-8 bg-background/95 shadow-sm"
              onClick={() => setSheet((s) => ({ ...s, open: true, focus: true, reveal: s.reveal + 1 }))}
            >
              <PanelRightOpen className="size-4" aria-hidden /> Inspector
            </Button>,
            canvas,
          )}
        <InspectorSheet
          side={side}
          container={canvas}
          open={sheet.open}
          onClose={closeSheet}
          focusOnOpen={sheet.focus}
          revealId={selected.length === 1 ? selected[0] : null}
          revealKey={sheet.reveal}
          onClosed={focusAfterClose}
        >
          {body}
        </InspectorSheet>
      </>
    );
  }
  if (collapsed) {
    return (
      <aside aria-label="Inspector" className="flex w-11 shrink-0 flex-col items-center border-l bg-background py-2">
        <PanelToggle panel="inspector" side="right" expanded={false} onToggle={setCollapsed} />
      </aside>
    );
  }
  return (
    <aside aria-label="Inspector" className="flex w-80 shrink-0 flex-col border-l bg-background">
      <div className="flex h-9 shrink-0 items-center justify-between border-b pr-1 pl-4">
        <span className="text-xs font-medium text-muted-foreground">Inspector</span>
        <PanelToggle panel="inspector" side="right" expanded onToggle={setCollapsed} className="size-7" />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{body}</div>
    </aside>
  );
});

function WorkflowInfo({
  name,
  description,
  onRename,
  readOnly,
}: {
  name: string;
  description: string;
  onRename: (patch: { name?: string; description?: string }) => Promise<boolean>;
  readOnly: boolean;
}) {
  const [draftName, setDraftName] = useState(name);
  const [draftDescription, setDraftDescription] = useState(description);
  return (
    <div className="grid gap-4 p-4">
      <div>
        <h2 className="text-sm font-semibold">Workflow</h2>
        <p className="text-xs text-muted-foreground">Select a node to configure it.</p>
      </div>
      <FieldRow id="workflow-name" label="Workflow name">
        <Input
          id="workflow-name"
          className="h-8"
          value={draftName}
          readOnly={readOnly}
          maxLength={120}
          onChange={(e) => setDraftName(e.target.value)}
          onBlur={() => {
            const next = draftName.trim();
            if (next && next !== name) void onRename({ name: next });
            else setDraftName(name);
          }}
        />
      </FieldRow>
      <FieldRow id="workflow-description" label="Description">
        <Textarea
          id="workflow-description"
          value={draftDescription}
          readOnly={readOnly}
          maxLength={2000}
          onChange={(e) => setDraftDescription(e.target.value)}
          onBlur={() => {
            if (draftDescription !== description) void onRename({ description: draftDescription });
          }}
        />
      </FieldRow>
    </div>
  );
}
