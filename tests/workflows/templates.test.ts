import { describe, expect, it } from "vitest";
import { validateGraph } from "@/lib/model/validate-graph";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
import { findTemplate, workflowTemplates } from "@/lib/workflows/templates";
import { retargetEndpoints, templateEndpoints } from "@/lib/workflows/template-endpoints";
import { summarizeTemplate } from "@/lib/workflows/template-summary";
import { templateThumbnail, THUMB_NODE } from "@/lib/workflows/template-thumbnail";

describe("workflow templates", () => {
  it.each(workflowTemplates.map((t) => [t.id, t] as const))("%s is a valid, publishable graph", (_id, template) => {
    const graph = template.build();
    expect(parseDraftGraph(graph).success).toBe(true);
    const result = validateGraph(graph);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(result.problems).toEqual([]); // not even a warning
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

  it("are ten, with unique ids, and each sample input names every required field of its Start schema", () => {
    expect(workflowTemplates).toHaveLength(10);
    expect(new Set(workflowTemplates.map((t) => t.id)).size).toBe(10);
    for (const t of workflowTemplates) {
      const start = t.build().nodes.find((n) => n.kind === "start")!;
      const required = (start.config.inputSchema as { required?: string[] }).required ?? [];
      for (const key of required) expect(t.sampleInput, `${t.id}: ${key}`).toHaveProperty(key);
    }
  });

  it("cover a saga, a webhook, a schedule, a consensus of agents and an edit-and-approve review", () => {
    const has = (id: string, test: (g: ReturnType<(typeof workflowTemplates)[number]["build"]>) => boolean) =>
      expect(test(findTemplate(id)!.build()), id).toBe(true);
    has("order-saga", (g) => g.nodes.some((n) => n.kind === "compensate") && g.nodes.filter((n) => n.undo).length === 2);
    const triggers = (g: { nodes: { kind: string; config: Record<string, unknown> }[] }) =>
      (g.nodes.find((n) => n.kind === "start")!.config.triggers as { kind: string }[] | undefined)?.map((t) => t.kind) ?? [];
    has("support-triage", (g) => triggers(g).includes("webhook"));
    has("daily-digest", (g) => triggers(g).includes("schedule"));
    has("claim-consensus", (g) =>
      g.nodes.some((n) => n.kind === "join" && (n.config.consensus as { enabled?: boolean } | undefined)?.enabled === true),
    );
    has("document-review", (g) => g.nodes.some((n) => n.kind === "approval" && n.config.editableSchema !== undefined));
  });

  it("undo steps sit below the graph, in the column of the step they undo", () => {
    const g = findTemplate("order-saga")!.build();
    const at = new Map(g.nodes.map((n) => [n.id, n.position]));
    const lowest = Math.max(...g.nodes.filter((n) => n.id !== "refund" && n.id !== "release").map((n) => n.position.y));
    expect(at.get("refund")).toEqual({ x: at.get("charge")!.x, y: lowest + 176 });
    expect(at.get("release")).toEqual({ x: at.get("reserve")!.x, y: lowest + 176 });
  });

  it("list their placeholder systems, and retarget them to one base URL keeping each system's path", () => {
    const g = findTemplate("loan-origination")!.build();
    expect(templateEndpoints(g)).toEqual(["credit-bureau.example.com", "crm.example.com"]);
    const moved = retargetEndpoints(g, "http://127.0.0.1:4010/");
    expect(moved.nodes.find((n) => n.id === "credit")!.config.url).toBe("http://127.0.0.1:4010/credit-bureau/v1/scores");
    expect(templateEndpoints(moved)).toEqual([]);
    const slots = retargetEndpoints(findTemplate("appointment-scheduling")!.build(), "http://stub");
    expect(slots.nodes.find((n) => n.id === "slots")!.config.url).toBe("http://stub/calendar/v1/slots?date={{ $.input.preferredDate }}");
  });

  it("say what they need: a provider for agents, reviewers, credentials, systems, triggers and events", () => {
    const needs = (id: string) => summarizeTemplate(findTemplate(id)!).needs;
    expect(needs("appointment-scheduling")).toMatchObject({ agents: 0, approvals: 1, triggers: [], events: [] });
    expect(needs("claim-consensus")).toMatchObject({
      agents: 3,
      approvals: 1,
      endpoints: ["policies.example.com", "payments.example.com"],
    });
    expect(needs("support-triage").triggers).toEqual(["webhook"]);
    expect(needs("daily-digest").triggers).toEqual(["schedule"]);
    expect(needs("identity-verification").events).toEqual(["kyc.completed"]);
    expect(needs("order-saga").credentials).toEqual(["Payment provider API key (Charge payment, Refund payment)"]);
  });

  it("draw a thumbnail from the graph: a box per node, a curve per edge, everything inside the view box", () => {
    for (const t of workflowTemplates) {
      const g = t.build();
      const thumb = templateThumbnail(g);
      expect(thumb.boxes).toHaveLength(g.nodes.length);
      expect(thumb.edges).toHaveLength(g.edges.length);
      const [x, y, w, h] = thumb.viewBox.split(" ").map(Number);
      for (const b of thumb.boxes) {
        expect(b.x).toBeGreaterThanOrEqual(x);
        expect(b.y).toBeGreaterThanOrEqual(y);
        expect(b.x + THUMB_NODE.width).toBeLessThanOrEqual(x + w);
        expect(b.y + THUMB_NODE.height).toBeLessThanOrEqual(y + h);
      }
    }
    const saga = templateThumbnail(findTemplate("order-saga")!.build());
    expect(saga.boxes.find((b) => b.id === "refund")?.category).toBe("integration");
    expect(saga.edges[0]).toMatch(/^M\d+ -?\d+ C/);
  });
});
