import { describe, expect, it } from "vitest";
import { validateGraph } from "@/lib/model/validate-graph";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
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

  it.each(workflowTemplates.flatMap((t) => (t.helpers ?? []).map((h) => [`${t.id}/${h.key}`, h] as const)))(
    "helper %s is a valid, publishable graph",
    (_id, helper) => {
      const graph = helper.build();
      expect(parseDraftGraph(graph).success).toBe(true);
      expect(validateGraph(graph).problems.filter((p) => p.severity === "error")).toEqual([]);
    },
  );

  it("contract renewal: after the join a supervisor agent calls the helper workflows as tools", () => {
    const template = findTemplate("contract-renewal")!;
    expect(template.helpers?.map((h) => h.key)).toEqual(["priceBenchmark", "negotiationBrief"]);
    const graph = template.build({ priceBenchmark: "wf-price", negotiationBrief: "wf-negotiate" });
    expect(graph.edges.filter((e) => e.source === "reviews").map((e) => e.target)).toEqual(["supervisor"]);
    const supervisor = graph.nodes.find((n) => n.id === "supervisor")!;
    expect(supervisor.kind).toBe("agent");
    const tools = supervisor.config.tools as { name: string; type: string; workflowId: string; version: string; argsSchema: unknown }[];
    expect(tools.map((t) => [t.name, t.type, t.workflowId, t.version])).toEqual([
      ["benchmark_price", "workflow", "wf-price", ""],
      ["negotiation_brief", "workflow", "wf-negotiate", ""],
    ]);
    // each tool's arguments are the called workflow's start input
    template.helpers!.forEach((h, i) =>
      expect(tools[i].argsSchema).toEqual(h.build().nodes.find((n) => n.kind === "start")!.config.inputSchema),
    );
    expect(new Set(graph.edges.filter((e) => e.source === "supervisor").map((e) => `${e.sourceHandle}>${e.target}`))).toEqual(
      new Set(["ok>approve", "escalate>approve"]),
    );
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
