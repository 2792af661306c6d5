import { z } from "zod";
import { edgeSchema, graphHeaderShape, MAX_EDGES, MAX_NODES, nodeSchema } from "../graph-schema";
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from "../graph-schema";
import { indexGraph, type GraphIndex } from "../graph-index";
import { isNodeKind, type NodeKind } from "../node-kind";
import type { Problem } from "./problem";
import { issueProblems } from "./schema-problems";

/** A raw node element that has a string id; `node` is set when it fully parsed. */
export interface NodeEntry {
  index: number;
  id: string;
  kind: NodeKind | null;
  name: string | null;
  node: WorkflowNode | null;
}

/** A raw edge element with string source and target; `edge` is set when it fully parsed. */
export interface EdgeEntry {
  index: number;
  /** The edge id, or `edges[i]` when it has none. */
  id: string;
  hasId: boolean;
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
  edge: WorkflowEdge | null;
}

export interface ValidationContext {
  nodes: NodeEntry[];
  edges: EdgeEntry[];
  index: GraphIndex<NodeEntry, EdgeEntry>;
  /** The fully parsed graph, when there was no schema problem at all. */
  graph: WorkflowGraph | null;
}

const shellSchema = z.strictObject({
  ...graphHeaderShape,
  nodes: z.array(z.unknown()).max(MAX_NODES),
  edges: z.array(z.unknown()).max(MAX_EDGES),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

function nodeEntries(rawNodes: unknown[], problems: Problem[]): NodeEntry[] {
  const entries: NodeEntry[] = [];
  rawNodes.forEach((raw, index) => {
    const result = nodeSchema.safeParse(raw);
    const id = isRecord(raw) ? str(raw.id) : null;
    if (!result.success) problems.push(...issueProblems(result.error.issues, raw, { collection: "nodes", index, id }));
    if (id === null || !isRecord(raw)) return;
    const kind = isNodeKind(raw.kind) ? raw.kind : null;
    entries.push({ index, id, kind, name: str(raw.name), node: result.success ? result.data : null });
  });
  return entries;
}

function edgeEntries(rawEdges: unknown[], problems: Problem[]): EdgeEntry[] {
  const entries: EdgeEntry[] = [];
  rawEdges.forEach((raw, index) => {
    const result = edgeSchema.safeParse(raw);
    const id = isRecord(raw) ? str(raw.id) : null;
    if (!result.success) problems.push(...issueProblems(result.error.issues, raw, { collection: "edges", index, id }));
    if (!isRecord(raw)) return;
    const source = str(raw.source);
    const target = str(raw.target);
    if (source === null || target === null) return;
    entries.push({
      index,
      id: id ?? `edges[${index}]`,
      hasId: id !== null,
      source,
      target,
      sourceHandle: str(raw.sourceHandle) ?? undefined,
      targetHandle: str(raw.targetHandle) ?? undefined,
      edge: result.success ? result.data : null,
    });
  });
  return entries;
}

/** Parse leniently: every schema issue becomes a problem, and whatever is usable is kept for the graph rules. */
export function buildContext(input: unknown): { problems: Problem[]; context: ValidationContext } {
  const problems: Problem[] = [];
  const shell = shellSchema.safeParse(input);
  if (!shell.success) problems.push(...issueProblems(shell.error.issues, input, { collection: null, index: 0, id: null }));
  const rawNodes = isRecord(input) && Array.isArray(input.nodes) ? input.nodes : [];
  const rawEdges = isRecord(input) && Array.isArray(input.edges) ? input.edges : [];
  const nodes = nodeEntries(rawNodes, problems);
  const edges = edgeEntries(rawEdges, problems);
  // No problem so far means every node and edge parsed: assemble the typed graph.
  const graph: WorkflowGraph | null =
    shell.success && problems.length === 0 ? { ...shell.data, nodes: nodes.map((n) => n.node!), edges: edges.map((e) => e.edge!) } : null;
  return { problems, context: { nodes, edges, index: indexGraph({ nodes, edges }), graph } };
}
