import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createNode } from "@/lib/model/create-node";
import { draftOutputHandles, draftSummary, type DraftGraph } from "@/lib/model/draft-graph";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
import { edgeToFlow, flowToGraph, graphToFlow } from "@/lib/model/flow-conversion";
import { parseGraph } from "@/lib/model/graph-schema";

const fixture = JSON.parse(readFileSync(path.join(__dirname, "../../lib/model/fixtures/valid-loan-approval.json"), "utf8")) as unknown;

function sampleGraph(): DraftGraph {
  const start = createNode("start", { id: "start", name: "Start", position: { x: 0, y: 0 } });
  const cond = createNode("condition", { id: "check", name: "Check amount", position: { x: 240.5, y: 10 } });
  const http = {
    ...createNode("http", { id: "call", name: "Call API", position: { x: 480, y: -80 } }),
    retry: { maxAttempts: 3 },
    timeoutMs: 5000,
    nonIdempotent: true,
  };
  const end = createNode("end", { id: "end", name: "End", position: { x: 720, y: 0 } });
  return {
    schemaVersion: 1,
    settings: { budget: { maxTokens: 1000 } },
    nodes: [start, cond, http, end],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "check", targetHandle: "in" },
      { id: "e2", source: "check", sourceHandle: "if", target: "call", targetHandle: "in" },
      { id: "e3", source: "check", sourceHandle: "else", target: "end", targetHandle: "in" },
      { id: "e4", source: "call", sourceHandle: "error", target: "end", targetHandle: "in" },
    ],
  };
}

describe("graph ↔ flow conversion", () => {
  it("round-trips a graph losslessly", () => {
    const graph = sampleGraph();
    const flow = graphToFlow(graph);
    expect(flow.nodes.map((n) => n.type)).toEqual(["start", "condition", "http", "end"]);
    expect(flow.nodes[2].data).toMatchObject({ name: "Call API", retry: { maxAttempts: 3 }, timeoutMs: 5000, nonIdempotent: true });
    expect(flowToGraph(flow, { settings: graph.settings })).toEqual(graph);
  });

  it("round-trips the model's own fixture", () => {
    const parsed = parseGraph(fixture);
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(flowToGraph(graphToFlow(parsed.data), { settings: parsed.data.settings })).toEqual(parsed.data);
  });

  it("drops canvas-only state when converting back", () => {
    const flow = graphToFlow(sampleGraph());
    const touched = {
      nodes: flow.nodes.map((n) => ({ ...n, selected: true, dragging: false, measured: { width: 200, height: 80 } })),
      edges: flow.edges.map((e) => ({ ...e, selected: true, className: "x" })),
    };
    const back = flowToGraph(touched);
    expect(back.nodes[0]).toEqual({
      id: "start",
      kind: "start",
      name: "Start",
      position: { x: 0, y: 0 },
      config: sampleGraph().nodes[0].config,
    });
    expect(back.edges[0]).toEqual(sampleGraph().edges[0]);
    expect(back.settings).toBeUndefined();
  });

  it("marks error edges for styling and defaults missing handles", () => {
    expect(edgeToFlow({ id: "e", source: "a", sourceHandle: "error", target: "b", targetHandle: "in" }).className).toBe("sy-edge-error");
    const back = flowToGraph({ nodes: [], edges: [{ id: "e", source: "a", target: "b", sourceHandle: null, targetHandle: null }] });
    expect(back.edges[0]).toMatchObject({ sourceHandle: "out", targetHandle: "in" });
  });
});

describe("draft graph", () => {
  it("accepts half-edited configs but rejects broken structure", () => {
    const graph = sampleGraph();
    (graph.nodes[1].config as { branches: unknown[] }).branches = [{ id: "if", label: "", expression: "" }];
    expect(parseDraftGraph(graph).success).toBe(true);
    const broken = { ...graph, nodes: [...graph.nodes, { ...graph.nodes[0] }] };
    const result = parseDraftGraph(broken);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]).toEqual({ path: "nodes[4].id", message: 'Duplicate node id "start"' });
  });

  it("computes handles and summaries without throwing on malformed configs", () => {
    expect(
      draftOutputHandles({ kind: "condition", config: { branches: [{ id: "big", label: "Big", expression: "1" }] } }).map((h) => h.id),
    ).toEqual(["big", "else", "error"]);
    expect(draftOutputHandles({ kind: "condition", config: {} }).map((h) => h.id)).toEqual(["if", "else", "error"]);
    expect(draftOutputHandles({ kind: "start", config: {} }).map((h) => h.id)).toEqual(["out"]);
    expect(draftOutputHandles({ kind: "end", config: {} }).map((h) => h.id)).toEqual(["error"]);
    expect(draftSummary({ kind: "condition", config: {} })).toBe("");
    expect(draftSummary({ kind: "transform", config: { expression: "$.input.a" } })).toBe("$.input.a");
  });
});
