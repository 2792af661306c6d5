"use client";
// The right-hand panel: the selected node's name, generated config form and reliability settings;
// with several nodes selected, bulk actions; with none, the workflow's own name and description.
import { memo, useDeferredValue, useState } from "react";
import dynamic from "next/dynamic";
import { Copy, Trash2 } from "lucide-react";
import { PanelToggle } from "../panel-toggle";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { Problem } from "@/lib/model/validate-graph";
import { shallowArrayEqual, useEditorState, useEditorStore } from "../use-editor";
import { isNarrowScreen } from "../narrow-screen";
import { useStoredFlag } from "@/components/canvas/use-stored-flag";
import { FieldRow } from "./field-row";

// Loaded with the first selected node.
const NodeInspector = dynamic(() => import("./node-inspector").then((m) => m.NodeInspector), {
  ssr: false,
  loading: () => <p className="p-4 text-xs text-muted-foreground">Loading…</p>,
});

const selectDragging = (s: { dragging: boolean }) => s.dragging;
const selectSelectedIds = (s: { nodes: { id: string; selected?: boolean }[] }) => s.nodes.filter((n) => n.selected).map((n) => n.id);

/** Memoized: the editor re-renders on save status and validation, the panel only when its inputs change. */
export const InspectorPanel = memo(function InspectorPanel({
  problems,
  readOnly,
  workflow,
  onCopy,
}: {
  problems: Problem[];
  readOnly: boolean;
  workflow: { name: string; description: string; onRename: (patch: { name?: string; description?: string }) => Promise<boolean> };
  onCopy: () => void;
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
      <div className="min-h-0 flex-1 overflow-y-auto">
        {selected.length === 1 ? (
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
        )}
      </div>
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
