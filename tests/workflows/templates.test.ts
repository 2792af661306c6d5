import { describe, expect, it } from "vitest";
import { validateGraph } from "@/lib/workflow/validate-graph";
import { parseDraftGraph } from "@/lib/workflow/draft-graph";
import { findTemplate, workflowTemplates } from "@/lib/workflows/templates";

describe("workflow templates", () => {
  it.each(workflowTemplates.map((t) => [t.id, t] as const))("%s is a valid, publishable graph", (_id, template) => {
    const graph = template.build();
    expect(parseDraftGraph(graph).success).toBe(true);
    const result = validateGraph(graph);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(new Set(graph.nodes.map((n) => n.name)).size).toBe(graph.nodes.length);
  });

  it("contract renewal fans out to three reviews that meet in a join before the approval", () => {
    const graph = findTemplate("contract-renewal")!.build();
    const fromLoad = graph.edges.filter((e) => e.source === "load").map((e) => e.target);
    expect(fromLoad.sort()).toEqual(["finance", "legal", "security"]);
    const intoJoin = new Set(graph.edges.filter((e) => e.target === "reviews").map((e) => e.source));
    expect([...intoJoin].sort()).toEqual(["finance", "legal", "security"]);
    expect(graph.nodes.find((n) => n.id === "reviews")?.kind).toBe("join");
    expect(graph.nodes.find((n) => n.id === "approve")?.kind).toBe("approval");
  });

  it("lays nodes out left to right without overlaps", () => {
    for (const t of workflowTemplates) {
      const g = t.build();
      const spots = new Set(g.nodes.map((n) => `${n.position.x},${n.position.y}`));
      expect(spots.size).toBe(g.nodes.length);
      const x = new Map(g.nodes.map((n) => [n.id, n.position.x]));
      for (const e of g.edges) expect(x.get(e.target)!).toBeGreaterThan(x.get(e.source)!);
    }
  });
});
