"use client";
// One memoized canvas component per node kind, built from the shared BaseNode parts and the kind's
// registry entry (icon, label, summary, handles). `nodeTypes` is created once at module scope and is
// exhaustive over NODE_KINDS, so a new kind gets a node component automatically.
import { memo, useEffect, useMemo, useRef, type ComponentType } from "react";
import { useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { draftOutputHandles, draftSummary } from "@/lib/model/draft-graph";
import { errorHandle } from "@/lib/model/handles";
import { NODE_KINDS, type NodeKind } from "@/lib/model/node-kind";
import { getNodeKind } from "@/lib/model/node-kinds";
import {
  BaseNode,
  BaseNodeBody,
  BaseNodeCompact,
  BaseNodeCorner,
  BaseNodeHeader,
  BaseNodeInput,
  BaseNodeOutputs,
  BaseNodeTitle,
} from "./base-node";
import type { CanvasNode } from "./canvas-types";
import { useCanvasReadOnly, useNodeProblems, useNodeRunStatus } from "./decorations";
import { KindIcon } from "./node-icon";
import { NodeProblemBadge } from "./node-problem-badge";
import { NodeStatusOverlay } from "./node-status-overlay";

export type KindNodeProps = NodeProps<CanvasNode>;

function makeKindNode(kind: NodeKind): ComponentType<KindNodeProps> {
  const def = getNodeKind(kind);

  function KindNode({ id, data }: KindNodeProps) {
    const problems = useNodeProblems(id);
    const status = useNodeRunStatus(id);
    const readOnly = useCanvasReadOnly();
    const config = data.config;
    const showError = data.showErrorHandle === true;
    const outputs = useMemo(() => {
      const all = draftOutputHandles({ kind, config });
      return showError ? all : all.filter((h) => h.id !== errorHandle);
    }, [config, showError]);
    const summary = useMemo(() => draftSummary({ kind, config }), [config]);

    // Handles come and go with the config (condition branches, the error toggle): re-measure them.
    // Only when they change after mount: React Flow measures a new node itself, and one forced
    // re-measure per node on mount costs O(n) store work each (O(n²) for a large graph).
    const handleKey = outputs.map((h) => h.id).join("|");
    const updateNodeInternals = useUpdateNodeInternals();
    const measuredKey = useRef(handleKey);
    useEffect(() => {
      if (measuredKey.current === handleKey) return;
      measuredKey.current = handleKey;
      updateNodeInternals(id);
    }, [id, handleKey, updateNodeInternals]);

    return (
      <BaseNode data-kind={kind} data-run-status={status?.status} role="group" aria-label={`${data.name} (${def.label})`}>
        <BaseNodeCorner>{status ? <NodeStatusOverlay status={status} /> : <NodeProblemBadge problems={problems} />}</BaseNodeCorner>
        {def.inputs.map((h) => (
          <BaseNodeInput key={h.id} handle={h} connectable={!readOnly} />
        ))}
        <BaseNodeHeader>
          <KindIcon kind={kind} />
          <BaseNodeTitle name={data.name} kindLabel={def.label} />
        </BaseNodeHeader>
        <BaseNodeBody>{summary}</BaseNodeBody>
        <BaseNodeOutputs handles={outputs} connectable={!readOnly} />
        <BaseNodeCompact icon={<KindIcon kind={kind} />} name={data.name} />
      </BaseNode>
    );
  }
  KindNode.displayName = `KindNode(${kind})`;
  return memo(KindNode, sameCard);
}

/**
 * A card draws only its id and data (selection is styled by CSS on React Flow's wrapper, its size is
 * fixed): a drag or an auto-pan, which changes the dragged node's position, z-index and `dragging`
 * on every frame, does not re-render it.
 */
const sameCard = (a: KindNodeProps, b: KindNodeProps) => a.id === b.id && a.data === b.data;

export const nodeTypes = Object.fromEntries(NODE_KINDS.map((kind) => [kind, makeKindNode(kind)])) as {
  [K in NodeKind]: ComponentType<KindNodeProps>;
};
