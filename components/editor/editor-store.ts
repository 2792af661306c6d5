// The editor's state: React Flow nodes and edges (the draft graph in canvas form) plus undo/redo
// history. An external store (useSyncExternalStore) so panels can subscribe to just what they show.
// Every user edit goes through a method here, which records one history step before changing.
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { CanvasEdge, CanvasNode } from "@/components/canvas/canvas-types";
import type { ClipboardPayload } from "@/lib/model/clipboard";
import { pasteIntoGraph } from "@/lib/model/clipboard";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edgeToFlow, flowToGraph, graphToFlow, nodeToFlow, type FlowNodeData } from "@/lib/model/flow-conversion";
import type { GraphSettings, Position } from "@/lib/model/graph-schema";
import { errorHandle, inHandle } from "@/lib/model/handles";
import { makeDraftNode, newId } from "@/lib/model/graph-edit";
import type { NodeKind } from "@/lib/model/node-kind";

interface Snapshot {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export interface EditorState {
  nodes: CanvasNode[];
  /**
   * The nodes React Flow is given: `nodes`, except that while a drag runs, React Flow's own
   * measurements of cards it mounts (auto-pan brings new cards into view on most frames) are held
   * back until the next other change (the drag's next frame) or the drop. React Flow already has
   * those measurements; handing them back at once would cost a second round of the controlled-nodes
   * cycle (editor store → React render → React Flow `setNodes`, O(n)) in the same frame.
   */
  canvasNodes: CanvasNode[];
  edges: CanvasEdge[];
  settings: GraphSettings | undefined;
  /** Bumped on every change to the graph (not on selection or measurement): drives autosave and validation. */
  version: number;
  canUndo: boolean;
  canRedo: boolean;
  /** True while nodes are being dragged (panels that need not follow every frame wait for the drop). */
  dragging: boolean;
}

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1200;

function toCanvas(graph: DraftGraph): Snapshot {
  const flow = graphToFlow(graph);
  return { nodes: flow.nodes as CanvasNode[], edges: flow.edges as CanvasEdge[] };
}

export class EditorStore {
  private state: EditorState;
  private listeners = new Set<() => void>();
  private past: Snapshot[] = [];
  private future: Snapshot[] = [];
  private lastCoalesce: { key: string; at: number } | null = null;
  private moving = false;
  private moveRecorded = false;
  private dragSink: ((moved: CanvasNode[]) => void) | null = null;

  constructor(graph: DraftGraph) {
    const { nodes, edges } = toCanvas(graph);
    this.state = {
      nodes,
      canvasNodes: nodes,
      edges,
      settings: graph.settings,
      version: 0,
      canUndo: false,
      canRedo: false,
      dragging: false,
    };
  }

  getState = (): EditorState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<EditorState>, graphChanged: boolean, holdBackFromCanvas = false) {
    this.state = {
      ...this.state,
      ...patch,
      canvasNodes: holdBackFromCanvas ? this.state.canvasNodes : (patch.nodes ?? this.state.nodes),
      version: graphChanged ? this.state.version + 1 : this.state.version,
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
    };
    for (const l of this.listeners) l();
  }

  /** The draft graph as persisted (canvas-only state dropped). */
  toGraph(): DraftGraph {
    return flowToGraph(this.state, { settings: this.state.settings });
  }

  selectedNodeIds(): string[] {
    return this.state.nodes.filter((n) => n.selected).map((n) => n.id);
  }

  // ---------- history ----------

  /**
   * Remember the current graph as one undo step. With `coalesceKey`, repeated edits of the same
   * thing in quick succession (typing in one field) become a single step.
   */
  record(coalesceKey?: string) {
    const now = Date.now();
    if (coalesceKey && this.lastCoalesce?.key === coalesceKey && now - this.lastCoalesce.at < COALESCE_MS) {
      this.lastCoalesce.at = now;
      return;
    }
    this.lastCoalesce = coalesceKey ? { key: coalesceKey, at: now } : null;
    this.past.push({ nodes: this.state.nodes, edges: this.state.edges });
    if (this.past.length > HISTORY_LIMIT) this.past.shift();
    this.future = [];
  }

  undo = () => {
    const previous = this.past.pop();
    if (!previous) return;
    this.future.push({ nodes: this.state.nodes, edges: this.state.edges });
    this.lastCoalesce = null;
    this.set({ nodes: previous.nodes, edges: previous.edges }, true);
  };

  redo = () => {
    const next = this.future.pop();
    if (!next) return;
    this.past.push({ nodes: this.state.nodes, edges: this.state.edges });
    this.lastCoalesce = null;
    this.set({ nodes: next.nodes, edges: next.edges }, true);
  };

  // ---------- React Flow callbacks ----------

  /**
   * The canvas hands over a way to give React Flow moved nodes directly (`drag-frames.tsx`). While
   * one is attached, a drag frame (position changes only, the drag still running) updates `nodes`
   * here and goes to React Flow's store through it, not through `canvasNodes`: no render of the
   * canvas and its `nodes` prop, which would cost a React commit of the whole React Flow tree
   * before React Flow adopts the same nodes in its effect. The drop catches `canvasNodes` up.
   */
  attachDragSink = (sink: (moved: CanvasNode[]) => void): (() => void) => {
    this.dragSink = sink;
    return () => {
      if (this.dragSink === sink) this.dragSink = null;
    };
  };

  onNodesChange = (changes: NodeChange<CanvasNode>[]) => {
    const moves = changes.filter((c) => c.type === "position" && c.position);
    if (moves.length > 0) {
      // A drag is one undo step (recorded at its first move); keyboard nudges coalesce into one.
      if (this.moving) {
        if (!this.moveRecorded) this.record();
        this.moveRecorded = true;
      } else {
        this.record("nudge");
      }
    }
    const settled = moves.some((c) => c.type === "position" && !c.dragging);
    const graphChanged = changes.some((c) => c.type === "remove" || c.type === "add" || c.type === "replace") || settled;
    const measuredDuringDrag = this.moving && changes.every((c) => c.type === "dimensions");
    const dragFrame = this.moving && this.dragSink !== null && changes.every((c) => c.type === "position" && c.dragging === true);
    const nodes = applyNodeChanges(changes, this.state.nodes);
    this.set({ nodes }, graphChanged, measuredDuringDrag || dragFrame);
    if (dragFrame && this.dragSink) {
      const moved = new Set(changes.map((c) => (c.type === "position" ? c.id : "")));
      this.dragSink(nodes.filter((n) => moved.has(n.id)));
    }
  };

  onEdgesChange = (changes: EdgeChange<CanvasEdge>[]) => {
    const graphChanged = changes.some((c) => c.type === "remove" || c.type === "add" || c.type === "replace");
    this.set({ edges: applyEdgeChanges(changes, this.state.edges) }, graphChanged);
  };

  /** Called once before React Flow deletes the selection (Delete / Backspace). */
  beforeDelete = () => {
    this.record();
  };

  /** onNodeDragStart / onSelectionDragStart. */
  beginMove = () => {
    this.moving = true;
    this.moveRecorded = false;
    this.set({ dragging: true }, false);
  };

  /** onNodeDragStop / onSelectionDragStop. */
  endMove = () => {
    this.moving = false;
    this.set({ dragging: false }, false);
  };

  onConnect = (c: Connection) => {
    this.record();
    const id = newId("e", new Set(this.state.edges.map((e) => e.id)));
    const edge = edgeToFlow({
      id,
      source: c.source,
      sourceHandle: c.sourceHandle ?? "out",
      target: c.target,
      targetHandle: c.targetHandle ?? inHandle,
    }) as CanvasEdge;
    this.set({ edges: [...this.state.edges, edge] }, true);
  };

  // ---------- edits ----------

  addNode(kind: NodeKind, position: Position): string {
    this.record();
    const node = makeDraftNode(this.toGraph(), kind, position);
    const flowNode = { ...nodeToFlow(node), selected: true } as CanvasNode;
    this.set({ nodes: [...this.state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), flowNode] }, true);
    return node.id;
  }

  /** Change a node's name, config, retry, timeout… (`undefined` values remove the field). */
  updateNode(id: string, patch: Partial<FlowNodeData>, coalesceKey?: string) {
    this.record(coalesceKey ? `${id}:${coalesceKey}` : undefined);
    const nodes = this.state.nodes.map((n) => {
      if (n.id !== id) return n;
      const data: FlowNodeData = { ...n.data, ...patch };
      for (const key of Object.keys(patch) as (keyof FlowNodeData)[]) if (patch[key] === undefined) delete data[key];
      return { ...n, data };
    });
    this.set({ nodes }, true);
  }

  /** Show or hide a node's error output; hiding it removes the edges that leave it. */
  setErrorHandle(id: string, on: boolean) {
    this.record();
    const nodes = this.state.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, showErrorHandle: on } } : n));
    const edges = on ? this.state.edges : this.state.edges.filter((e) => !(e.source === id && e.sourceHandle === errorHandle));
    this.set({ nodes, edges }, true);
  }

  /** Remove edges that leave from handles a node no longer has (e.g. a deleted condition branch). */
  pruneEdges(isValid: (edge: CanvasEdge) => boolean) {
    const edges = this.state.edges.filter(isValid);
    if (edges.length !== this.state.edges.length) this.set({ edges }, true);
  }

  deleteNodes(ids: readonly string[]) {
    if (ids.length === 0) return;
    this.record();
    const gone = new Set(ids);
    this.set(
      {
        nodes: this.state.nodes.filter((n) => !gone.has(n.id)),
        edges: this.state.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
      },
      true,
    );
  }

  paste(payload: ClipboardPayload, at?: Position): { pasted: number; skippedStart: number; droppedWebhooks: number } {
    const result = pasteIntoGraph(this.toGraph(), payload, { at });
    if (result.nodeIds.length === 0) return { pasted: 0, skippedStart: result.skippedStart, droppedWebhooks: 0 };
    this.record();
    const fresh = new Set(result.nodeIds);
    const canvas = toCanvas(result.graph);
    const measured = new Map(this.state.nodes.map((n) => [n.id, n.measured]));
    const nodes = canvas.nodes.map((n) => ({ ...n, selected: fresh.has(n.id), measured: measured.get(n.id) }));
    this.set({ nodes, edges: canvas.edges }, true);
    return { pasted: result.nodeIds.length, skippedStart: result.skippedStart, droppedWebhooks: result.droppedWebhooks };
  }

  selectOnly(ids: readonly string[]) {
    const wanted = new Set(ids);
    const nodes = this.state.nodes.map((n) => (n.selected === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) }));
    const edges = this.state.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
    this.set({ nodes, edges }, false);
  }

  selectAll() {
    this.set({ nodes: this.state.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) }, false);
  }

  /** Move nodes to new positions (auto-layout) as one undo step. */
  moveNodes(positions: Map<string, Position>) {
    this.record();
    this.set({ nodes: this.state.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) }, true);
  }

  /**
   * Replace the whole graph (restore a version, load the other tab's draft). Undoable, so the user
   * can step back to what they had.
   */
  replaceGraph(graph: DraftGraph) {
    this.record();
    const { nodes, edges } = toCanvas(graph);
    this.set({ nodes, edges, settings: graph.settings }, true);
  }
}
