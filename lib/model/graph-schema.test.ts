import { describe, expect, it } from "vitest";
import valid from "./fixtures/valid-loan-approval.json";
import { parseGraph, type WorkflowNodeOf } from "./graph-schema";
import { createNode, emptyGraph } from "./create-node";

describe("parseGraph", () => {
  it("parses the valid fixture and applies defaults", () => {
    const result = parseGraph(valid);
    expect(result.success).toBe(true);
    if (!result.success) return;
    const credit = result.data.nodes.find((n) => n.id === "credit")!;
    expect(credit.kind).toBe("http");
    if (credit.kind !== "http") return;
    // typed by kind: config.method exists only on http nodes
    expect(credit.config.method).toBe("POST");
    expect(credit.config.timeoutMs).toBe(30_000);
    expect(credit.config.responseType).toBe("json");
    expect(credit.retry).toEqual({
      maxAttempts: 3,
      initialIntervalMs: 500,
      backoffCoefficient: 2,
      maxIntervalMs: 60_000,
      jitter: 0.2,
      retryOn: ["timeout", "network", "http_5xx", "http_429"],
    });
    const approval = result.data.nodes.find((n): n is WorkflowNodeOf<"approval"> => n.kind === "approval")!;
    expect(approval.config.rejectionPolicy).toBe("any_rejects");
    expect(approval.config.separationOfDuties).toBe(true);
  });

  it("reports readable issue paths", () => {
    const graph = structuredClone(valid) as Record<string, unknown> & { nodes: Record<string, unknown>[] };
    (graph.nodes[1].config as Record<string, unknown>).method = "FETCH";
    graph.nodes[2].name = "";
    const result = parseGraph(graph);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.map((i) => i.path)).toEqual(["nodes[1].config.method", "nodes[2].name"]);
    expect(result.error.message).toContain("nodes[1].config.method:");
  });

  it("rejects unknown kinds, unknown fields and unsupported versions", () => {
    const base = emptyGraph();
    expect(parseGraph({ ...base, schemaVersion: 2 }).success).toBe(false);
    expect(parseGraph({ ...base, extra: true }).success).toBe(false);
    expect(parseGraph({ ...base, nodes: [{ ...base.nodes[0], kind: "teleport" }] }).success).toBe(false);
    expect(parseGraph({ ...base, nodes: [{ ...base.nodes[0], color: "red" }] }).success).toBe(false);
    const start = base.nodes[0] as WorkflowNodeOf<"start">;
    expect(parseGraph({ ...base, nodes: [{ ...start, config: { ...start.config, x: 1 } }] }).success).toBe(false);
  });

  it("rejects node names that cannot be addressed from expressions", () => {
    const base = emptyGraph();
    for (const name of ["", "a`b", " padded", "x".repeat(65)]) {
      expect(parseGraph({ ...base, nodes: [{ ...base.nodes[0], name }] }).success, name).toBe(false);
    }
    expect(parseGraph({ ...base, nodes: [{ ...base.nodes[0], name: "Credit check (v2)" }] }).success).toBe(true);
  });

  it("rejects non-objects", () => {
    expect(parseGraph(null).success).toBe(false);
    expect(parseGraph("graph").success).toBe(false);
  });

  it("round-trips a node created from defaults", () => {
    const graph = emptyGraph();
    graph.nodes.push(createNode("http", { id: "h", name: "Call", position: { x: 10, y: 20 } }));
    const result = parseGraph(JSON.parse(JSON.stringify(graph)));
    expect(result.success).toBe(true);
    if (result.success) expect(result.data).toEqual(graph);
  });
});
