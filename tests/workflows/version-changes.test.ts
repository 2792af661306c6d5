// The versions panel's "what changed" line: diffGraphs + summarizeDiff on typical editor edits.
import { describe, expect, it } from "vitest";
import { createNode } from "@/lib/model/create-node";
import { diffGraphs, summarizeDiff } from "@/lib/model/diff-graph";
import type { WorkflowGraph } from "@/lib/model/graph-schema";
import { flowToGraph, graphToFlow } from "@/lib/model/flow-conversion";
import { pasteIntoGraph, copySelection } from "@/lib/model/clipboard";
import { parseGraph } from "@/lib/model/graph-schema";

function v1(): WorkflowGraph {
  return {
    schemaVersion: 1,
    nodes: [
      createNode("start", { id: "start", name: "Start" }),
      createNode("transform", { id: "t", name: "Shape", position: { x: 300, y: 0 } }),
      createNode("end", { id: "end", name: "End", position: { x: 600, y: 0 } }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "t", targetHandle: "in" },
      { id: "e2", source: "t", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

const summary = (a: WorkflowGraph, b: WorkflowGraph) => summarizeDiff(diffGraphs(a, b));
const strict = (g: unknown) => {
  const parsed = parseGraph(g);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
};

describe("version change summaries", () => {
  it("ignores moves and a canvas round trip", () => {
    const moved = v1();
    moved.nodes[1].position = { x: 999, y: 999 };
    expect(summary(v1(), moved)).toBe("No changes");
    expect(summary(v1(), strict(flowToGraph(graphToFlow(v1()))))).toBe("No changes");
  });

  it("counts renamed and reconfigured nodes as changed", () => {
    const next = v1();
    next.nodes[1].name = "Shaped";
    expect(summary(v1(), next)).toBe("1 node changed");
  });

  it("counts pasted nodes and their edges", () => {
    const base = v1();
    const pasted = pasteIntoGraph(base, copySelection(base, new Set(["t", "end"]))!).graph;
    expect(summary(base, strict(pasted))).toBe("2 nodes added; 1 edge added");
  });

  it("reports removals", () => {
    const next = v1();
    next.nodes.splice(1, 1);
    next.edges = [{ id: "x", source: "start", sourceHandle: "out", target: "end", targetHandle: "in" }];
    expect(summary(v1(), next)).toBe("1 node removed; 1 edge added, 2 removed");
  });
});
