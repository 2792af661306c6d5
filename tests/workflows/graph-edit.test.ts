import { describe, expect, it } from "vitest";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { connectionProblem, makeDraftNode, uniqueName } from "@/lib/model/graph-edit";
import { CLIPBOARD_FORMAT, copySelection, pasteIntoGraph } from "@/lib/model/clipboard";
import { parseClipboard } from "@/lib/model/clipboard-schema";

function graph(): DraftGraph {
  return {
    schemaVersion: 1,
    nodes: [
      createNode("start", { id: "start", name: "Start", position: { x: 0, y: 0 } }),
      createNode("transform", { id: "t", name: "Transform", position: { x: 200, y: 0 } }),
      createNode("condition", { id: "c", name: "Condition", position: { x: 400, y: 0 } }),
      createNode("end", { id: "end", name: "End", position: { x: 600, y: 0 } }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "t", targetHandle: "in" },
      { id: "e2", source: "t", sourceHandle: "out", target: "c", targetHandle: "in" },
    ],
  };
}

describe("names and new nodes", () => {
  it("keeps names unique", () => {
    expect(uniqueName("Transform", new Set(["Transform"]))).toBe("Transform 2");
    expect(uniqueName("Transform 2", new Set(["Transform", "Transform 2"]))).toBe("Transform 3");
    expect(uniqueName("  ", new Set())).toBe("Step");
  });

  it("creates a node with the kind's defaults", () => {
    const node = makeDraftNode(graph(), "transform", { x: 10.4, y: 20.6 });
    expect(node).toMatchObject({ kind: "transform", name: "Transform 2", position: { x: 10, y: 21 }, config: { expression: "$.input" } });
    expect(node.id).toMatch(/^transform_[a-z0-9]+$/);
  });
});

describe("connection rules", () => {
  const g = graph();
  it("accepts a forward connection from an existing output", () => {
    expect(connectionProblem(g, { source: "c", sourceHandle: "else", target: "end", targetHandle: "in" })).toBeNull();
    expect(connectionProblem(g, { source: "t", sourceHandle: "error", target: "end", targetHandle: "in" })).toBeNull();
  });
  it("refuses with a reason", () => {
    expect(connectionProblem(g, { source: "t", sourceHandle: "out", target: "t", targetHandle: "in" })).toMatch(/itself/);
    expect(connectionProblem(g, { source: "t", sourceHandle: "out", target: "start", targetHandle: null })).toMatch(/no input/);
    expect(connectionProblem(g, { source: "c", sourceHandle: "nope", target: "end", targetHandle: "in" })).toMatch(/output/);
    expect(connectionProblem(g, { source: "start", sourceHandle: "out", target: "t", targetHandle: "in" })).toMatch(/already connected/);
    expect(connectionProblem(g, { source: "c", sourceHandle: "if", target: "t", targetHandle: "in" })).toMatch(/loop/);
    expect(connectionProblem(g, { source: "start", sourceHandle: "error", target: "end", targetHandle: "in" })).toMatch(/output/);
  });
});

describe("loop-back connections", () => {
  const g: DraftGraph = {
    schemaVersion: 1,
    nodes: [
      createNode("start", { id: "start", name: "Start", position: { x: 0, y: 0 } }),
      createNode("loop", { id: "loop", name: "Loop", position: { x: 200, y: 0 } }),
      createNode("transform", { id: "body", name: "Body", position: { x: 400, y: 0 } }),
      createNode("transform", { id: "after", name: "After", position: { x: 400, y: 200 } }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "loop", targetHandle: "in" },
      { id: "e2", source: "loop", sourceHandle: "body", target: "body", targetHandle: "in" },
      { id: "e3", source: "loop", sourceHandle: "done", target: "after", targetHandle: "in" },
    ],
  };
  it("closes a body into the Loop's loop-back input, and only from inside the body", () => {
    expect(connectionProblem(g, { source: "body", sourceHandle: "out", target: "loop", targetHandle: "loop" })).toBeNull();
    expect(connectionProblem(g, { source: "start", sourceHandle: "out", target: "loop", targetHandle: "loop" })).toMatch(/last step/);
    expect(connectionProblem(g, { source: "body", sourceHandle: "out", target: "loop", targetHandle: "in" })).toMatch(/Loop back/);
  });
  it("does not count an existing loop-back edge as a cycle for later connections", () => {
    const closed = { ...g, edges: [...g.edges, { id: "e4", source: "body", sourceHandle: "out", target: "loop", targetHandle: "loop" }] };
    expect(connectionProblem(closed, { source: "after", sourceHandle: "out", target: "body", targetHandle: "in" })).toBeNull();
  });
});

describe("clipboard", () => {
  it("copies the selection with its inner edges and pastes with fresh ids and names", () => {
    const g = graph();
    const payload = copySelection(g, new Set(["t", "c"]));
    expect(payload?.format).toBe(CLIPBOARD_FORMAT);
    expect(payload?.edges.map((e) => e.id)).toEqual(["e2"]);
    const text = JSON.stringify(payload);
    const parsed = parseClipboard(text);
    expect(parsed).not.toBeNull();
    const result = pasteIntoGraph(g, parsed!);
    expect(result.nodeIds).toHaveLength(2);
    const pasted = result.graph.nodes.filter((n) => result.nodeIds.includes(n.id));
    expect(pasted.map((n) => n.name)).toEqual(["Transform 2", "Condition 2"]);
    expect(pasted[0].position).toEqual({ x: 240, y: 40 });
    const newEdge = result.graph.edges[result.graph.edges.length - 1];
    expect([newEdge.source, newEdge.target]).toEqual(result.nodeIds);
    expect(new Set(result.graph.nodes.map((n) => n.id)).size).toBe(6);
  });

  it("pastes at a position and leaves out a second start", () => {
    const g = graph();
    const payload = copySelection(g, new Set(["start", "t"]))!;
    const result = pasteIntoGraph(g, payload, { at: { x: 1000, y: 500 } });
    expect(result.skippedStart).toBe(1);
    expect(result.nodeIds).toHaveLength(1);
    expect(result.graph.nodes.at(-1)?.position).toEqual({ x: 1000, y: 500 });
    expect(result.graph.edges).toHaveLength(2);
  });

  it("ignores text that is not a Switchyard selection", () => {
    expect(parseClipboard("hello")).toBeNull();
    expect(parseClipboard(JSON.stringify({ format: CLIPBOARD_FORMAT, nodes: [] }))).toBeNull();
    expect(parseClipboard(JSON.stringify({ format: "other", nodes: [{}] }))).toBeNull();
  });
});
