// A synthetic editor draft for the canvas benchmark: a start node, N-2 transform nodes in a layered
// DAG laid out on a grid (column = layer), an end node, and ~1.2 edges per node. Every transform has
// an incoming edge from the previous layer (or start) and an outgoing edge (next layer or end), so
// the graph passes validateGraph's flow rules.
import type { DraftGraph, DraftNode } from "@/lib/model/draft-graph";
import type { WorkflowEdge } from "@/lib/model/graph-schema";

const COL_GAP = 320;
const ROW_GAP = 144;

export function syntheticGraph(n: number, edgesPerNode = 1.2): DraftGraph {
  const m = Math.max(0, n - 2);
  const rows = Math.max(4, Math.round(Math.sqrt(m / 2)));
  const cols = Math.ceil(m / rows);
  const id = (c: number, r: number) => `t_${c}_${r}`;
  const exists = (c: number, r: number) => c >= 0 && c < cols && r >= 0 && c * rows + r < m;
  const rowsIn = (c: number) => Math.min(rows, m - c * rows);

  const nodes: DraftNode[] = [
    {
      id: "start",
      kind: "start",
      name: "Start",
      config: { inputSchema: { type: "object", properties: {} } },
      position: { x: 0, y: Math.round(((rows - 1) * ROW_GAP) / 2 / 16) * 16 },
    },
  ];
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rowsIn(c); r++) {
      nodes.push({
        id: id(c, r),
        kind: "transform",
        name: `Step ${c + 1}.${r + 1}`,
        config: { expression: "$.input" },
        position: { x: (c + 1) * COL_GAP, y: r * ROW_GAP },
      });
    }
  }
  nodes.push({ id: "end", kind: "end", name: "End", config: {}, position: { x: (cols + 1) * COL_GAP, y: nodes[0].position.y } });

  const edges: WorkflowEdge[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string) => {
    const key = `${source}->${target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, source, sourceHandle: "out", target, targetHandle: "in" });
    return true;
  };
  // Spine: every transform is fed by the same row of the previous layer (or start), and every
  // transform without a successor in the next layer leads to end.
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rowsIn(c); r++) {
      add(c === 0 ? "start" : id(c - 1, r % rowsIn(c - 1)), id(c, r));
      if (!exists(c + 1, r)) add(id(c, r), "end");
    }
  }
  if (m === 0) add("start", "end");
  // Cross links between neighbouring layers until ~edgesPerNode × n edges.
  const target = Math.round(edgesPerNode * n);
  outer: for (let step = 1; step < rows && edges.length < target; step++) {
    for (let i = 0; i < m && edges.length < target; i += 3) {
      const c = Math.floor(i / rows);
      const r = i % rows;
      if (c === 0) continue;
      if (!add(id(c - 1, (r + step) % rowsIn(c - 1)), id(c, r)) && edges.length >= target) break outer;
    }
  }
  return { schemaVersion: 1, nodes, edges };
}
