"use client";
// The selected node's inspector: name, the config form generated from its kind's schema, and its
// reliability settings. Loaded when a node is first selected (it carries the expression editor
// and the form generator), so it is not part of the editor's first-load JavaScript.
import { useMemo } from "react";
import { useParams } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { KindIcon } from "@/components/canvas/node-icon";
import { draftScopeKeys } from "@/lib/model/draft-scope";
import { draftOutputHandles } from "@/lib/model/draft-graph";
import type { FlowNodeData } from "@/lib/model/flow-conversion";
import type { NodeKind } from "@/lib/model/node-kind";
import { getNodeKindDef } from "@/lib/model/node-kinds/schemas";
import type { Problem } from "@/lib/model/validate-graph";
import { UNDO_KINDS } from "@/lib/model/validation/undo-rules";
import type { EditorStore } from "../editor-store";
import { useEditorState, useEditorStore } from "../use-editor";
import { ConfigForm, type FieldContext } from "./config-form";
import { FieldRow } from "./field-parts";
import { NodeSettings } from "./node-settings";
import { TriggersPanel } from "./triggers-panel";
import { PinnedDataSection } from "./pinned-data-section";
import { isPinnableKind } from "@/lib/model/pins";
import { useLastRunOutputs } from "./use-last-run-outputs";

/** Unconnected nodes of a kind that can undo work (see lib/model/validation/undo-rules.ts). */
function undoCandidatesFor(store: EditorStore, nodeId: string, _version: number) {
  const g = store.toGraph();
  const connected = new Set(g.edges.flatMap((e) => [e.source, e.target]));
  return g.nodes.filter((n) => n.id !== nodeId && UNDO_KINDS.has(n.kind) && !connected.has(n.id)).map((n) => ({ id: n.id, name: n.name }));
}

function scopeFor(store: EditorStore, nodeId: string, _version: number, samples: ReadonlyMap<string, unknown> | undefined) {
  return draftScopeKeys(store.toGraph(), nodeId, samples);
}

export function NodeInspector({ nodeId, problems, readOnly }: { nodeId: string; problems: Problem[]; readOnly: boolean }) {
  const store = useEditorStore();
  const kind = useEditorState((s) => s.nodes.find((n) => n.id === nodeId)?.type) as NodeKind | undefined;
  const data = useEditorState((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const version = useEditorState((s) => s.version);
  const { workflowId } = useParams<{ workflowId: string }>();
  const samples = useLastRunOutputs(workflowId);
  const scopeKeys = useMemo(() => scopeFor(store, nodeId, version, samples), [store, nodeId, version, samples]);
  const undoCandidates = useMemo(() => undoCandidatesFor(store, nodeId, version), [store, nodeId, version]);

  const nodeProblems = useMemo(() => problems.filter((p) => p.nodeId === nodeId), [problems, nodeId]);
  const problemAt = useMemo(() => {
    const byPath = new Map<string, string>();
    for (const p of nodeProblems) if (p.path && !byPath.has(p.path)) byPath.set(p.path, p.message);
    return (path: string) => byPath.get(path);
  }, [nodeProblems]);

  if (!kind || !data) return null;
  const def = getNodeKindDef(kind);
  const ctx: FieldContext = { idPrefix: `node-${nodeId}`, scopeKeys, problemAt };
  const unplaced = nodeProblems.filter((p) => !p.path || !(p.path.startsWith("config.") || p.path === "name"));

  const update = (patch: Partial<FlowNodeData>, key: string) => store.updateNode(nodeId, patch, key);
  const updateConfig = (config: Record<string, unknown>, changedPath: string) => {
    update({ config }, changedPath);
    // Branches may have been removed or renamed: drop edges from handles that no longer exist.
    const handles = new Set(draftOutputHandles({ kind, config }).map((h) => h.id));
    store.pruneEdges((e) => e.source !== nodeId || handles.has(e.sourceHandle ?? "out"));
  };

  return (
    <div role="group" className="grid grid-cols-1 gap-5 p-4" data-slot="node-inspector" aria-label={`${data.name} settings`}>
      <header className="flex items-start gap-3">
        <KindIcon kind={kind} className="size-9" />
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{def.label}</h2>
          <p className="text-xs leading-snug text-muted-foreground">{def.description}</p>
        </div>
      </header>

      {unplaced.length > 0 && (
        <ul className="grid gap-1 rounded-md border border-destructive/30 bg-destructive/5 p-2 text-xs" aria-label="Node problems">
          {unplaced.map((p, i) => (
            <li key={i} className={p.severity === "error" ? "text-destructive" : "text-status-waiting"}>
              {p.message}
            </li>
          ))}
        </ul>
      )}

      <fieldset disabled={readOnly} className="grid min-w-0 grid-cols-1 gap-5">
        <FieldRow id={`node-${nodeId}-name`} label="Name" help="Expressions refer to this step by name." problem={problemAt("name")}>
          <Input
            id={`node-${nodeId}-name`}
            className="h-8"
            value={data.name}
            maxLength={64}
            aria-invalid={problemAt("name") ? true : undefined}
            onChange={(e) => update({ name: e.target.value }, "name")}
          />
        </FieldRow>

        <section aria-label="Configuration" className="grid grid-cols-1 gap-4">
          <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Configuration</h3>
          <ConfigForm schema={def.configSchema} value={data.config} onChange={updateConfig} path="config" ctx={ctx} />
        </section>

        {kind === "start" && (
          <TriggersPanel
            workflowId={workflowId}
            value={data.config.triggers}
            onChange={(triggers) => updateConfig({ ...data.config, triggers }, "config.triggers")}
            readOnly={readOnly}
            idPrefix={`node-${nodeId}`}
          />
        )}

        {kind !== "start" && (
          <NodeSettings
            nodeId={nodeId}
            def={def}
            data={data}
            onChange={update}
            onErrorHandle={(on) => store.setErrorHandle(nodeId, on)}
            problemAt={problemAt}
            undoCandidates={undoCandidates}
          />
        )}
      </fieldset>

      {isPinnableKind(kind) && <PinnedDataSection workflowId={workflowId} nodeId={nodeId} kind={kind} readOnly={readOnly} />}

      <footer className="flex items-center justify-between border-t pt-3">
        <code className="truncate text-[11px] text-muted-foreground" title="Node id">
          {nodeId}
        </code>
        {!readOnly && (
          <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => store.deleteNodes([nodeId])}>
            <Trash2 className="size-3.5" aria-hidden /> Delete node
          </Button>
        )}
      </footer>
    </div>
  );
}
