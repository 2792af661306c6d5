import { describe, expect, it } from "vitest";
import containers from "./fixtures/invalid-containers.json";
import designChecks from "./fixtures/invalid-design-checks.json";
import cycle from "./fixtures/invalid-cycle.json";
import undo from "./fixtures/invalid-undo.json";
import danglingEdge from "./fixtures/invalid-dangling-edge.json";
import duplicateEdgeId from "./fixtures/invalid-duplicate-edge-id.json";
import duplicateNodeId from "./fixtures/invalid-duplicate-node-id.json";
import duplicateNodeName from "./fixtures/invalid-duplicate-node-name.json";
import edgeIntoStart from "./fixtures/invalid-edge-into-start.json";
import engineHeader from "./fixtures/invalid-engine-header.json";
import invalidConfig from "./fixtures/invalid-invalid-config.json";
import invalidExpression from "./fixtures/invalid-invalid-expression.json";
import joinFirstN from "./fixtures/invalid-join-first-n.json";
import missingConfig from "./fixtures/invalid-missing-config.json";
import missingStart from "./fixtures/invalid-missing-start.json";
import multipleStarts from "./fixtures/invalid-multiple-starts.json";
import noIncomingUnreachable from "./fixtures/invalid-no-incoming-unreachable.json";
import noOutgoing from "./fixtures/invalid-no-outgoing.json";
import schema from "./fixtures/invalid-schema.json";
import unknownHandles from "./fixtures/invalid-unknown-handles.json";
import unknownKind from "./fixtures/invalid-unknown-kind.json";
import waitTimeout from "./fixtures/invalid-wait-timeout.json";
import valid from "./fixtures/valid-loan-approval.json";
import { NODE_KINDS } from "./node-kind";
import { getNodeKind } from "./node-kinds";
import { nodeOptions } from "./node-options";
import { PROBLEM_CODES, validateGraph, type DesignEnvironment, type Problem } from "./validate-graph";

interface Fixture {
  description: string;
  /** The workspace the references are checked against (design-time checks). */
  env?: DesignEnvironment;
  expected: Pick<Problem, "severity" | "code" | "nodeId" | "edgeId" | "path">[];
  graph: unknown;
}

/** One negative fixture per rule: `expected` is the exact, ordered list of problems. */
const invalid = (
  [
    ["invalid-containers.json", containers],
    ["invalid-cycle.json", cycle],
    ["invalid-design-checks.json", designChecks],
    ["invalid-undo.json", undo],
    ["invalid-dangling-edge.json", danglingEdge],
    ["invalid-duplicate-edge-id.json", duplicateEdgeId],
    ["invalid-duplicate-node-id.json", duplicateNodeId],
    ["invalid-duplicate-node-name.json", duplicateNodeName],
    ["invalid-edge-into-start.json", edgeIntoStart],
    ["invalid-engine-header.json", engineHeader],
    ["invalid-invalid-config.json", invalidConfig],
    ["invalid-invalid-expression.json", invalidExpression],
    ["invalid-join-first-n.json", joinFirstN],
    ["invalid-missing-config.json", missingConfig],
    ["invalid-missing-start.json", missingStart],
    ["invalid-multiple-starts.json", multipleStarts],
    ["invalid-no-incoming-unreachable.json", noIncomingUnreachable],
    ["invalid-no-outgoing.json", noOutgoing],
    ["invalid-schema.json", schema],
    ["invalid-unknown-handles.json", unknownHandles],
    ["invalid-unknown-kind.json", unknownKind],
    ["invalid-wait-timeout.json", waitTimeout],
  ] as const
).map(([file, fixture]) => [file, fixture as Fixture] as const);

const essentials = ({ severity, code, nodeId, edgeId, path: p }: Problem) =>
  Object.fromEntries(Object.entries({ severity, code, nodeId, edgeId, path: p }).filter(([, v]) => v !== undefined));

describe("validateGraph", () => {
  it("accepts the valid fixture without any problem", () => {
    const result = validateGraph(valid);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.graph?.nodes).toHaveLength(valid.nodes.length);
  });

  it.each(invalid)("%s matches its golden problems", (_file, fixture) => {
    const result = validateGraph(fixture.graph, fixture.env);
    expect(result.problems.map(essentials)).toEqual(fixture.expected);
    expect(result.ok).toBe(!fixture.expected.some((p) => p.severity === "error"));
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(5);
  });

  it("has a negative fixture for every problem code", () => {
    const covered = new Set(invalid.flatMap(([, f]) => f.expected.map((p) => p.code)));
    const missing = PROBLEM_CODES.filter((code) => !covered.has(code) && code !== "duplicate_edge");
    expect(missing).toEqual([]);
  });

  it("reports all problems at once", () => {
    const graph = structuredClone(valid);
    graph.nodes[6].config = {} as never; // prepare: missing expression
    graph.nodes.push({ ...graph.nodes[5], id: "window" }); // duplicate id and name
    graph.edges.push({ id: "e1", source: "ghost", sourceHandle: "out", target: "done", targetHandle: "in" });
    const codes = validateGraph(graph).problems.map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining(["missing_config", "duplicate_node_id", "duplicate_node_name", "duplicate_edge_id", "dangling_edge"]),
    );
  });

  it("gives expression errors their position", () => {
    const graph = structuredClone(valid);
    (graph.nodes[6].config as { expression: string }).expression = "$.input.amount >";
    const [problem] = validateGraph(graph).problems;
    expect(problem).toMatchObject({ code: "invalid_expression", nodeId: "prepare", path: "config.expression", position: 16 });
  });

  it("warns about duplicate connections", () => {
    const graph = structuredClone(valid);
    graph.edges.push({ ...graph.edges[0], id: "e1b" });
    const result = validateGraph(graph);
    expect(result.problems.map(essentials)).toEqual([{ severity: "warning", code: "duplicate_edge", edgeId: "e1b" }]);
    expect(result.ok).toBe(true);
  });

  it("does not ask a Compensate node for an outgoing edge: it has no output, it ends the path", () => {
    const n = (id: string, kind: string, config: Record<string, unknown> = {}) => ({
      id,
      name: id,
      kind,
      position: { x: 0, y: 0 },
      config,
    });
    const graph = {
      schemaVersion: 1,
      nodes: [n("start", "start"), n("undo", "compensate", { reason: "" }), n("stuck", "transform", { expression: "1" })],
      edges: [
        { id: "a", source: "start", sourceHandle: "out", target: "undo", targetHandle: "in" },
        { id: "b", source: "start", sourceHandle: "out", target: "stuck", targetHandle: "in" },
      ],
    };
    expect(validateGraph(graph).problems.map(essentials)).toEqual([{ severity: "warning", code: "no_outgoing", nodeId: "stuck" }]);
  });

  it.each(NODE_KINDS)("questions an undo step on %s exactly when the inspector does not offer one", (kind) => {
    const node = (id: string, k: string, config: unknown, extra: Record<string, unknown> = {}) => ({
      id,
      name: id,
      kind: k,
      position: { x: 0, y: 0 },
      config,
      ...extra,
    });
    const reset = node("reset", "transform", { expression: "$.input" });
    const graph =
      kind === "start"
        ? { schemaVersion: 1, nodes: [node("x", "start", {}, { undo: "reset" }), reset], edges: [] }
        : {
            schemaVersion: 1,
            nodes: [node("start", "start", {}), node("x", kind, structuredClone(getNodeKind(kind).defaults), { undo: "reset" }), reset],
            edges: [{ id: "a", source: "start", sourceHandle: "out", target: "x", targetHandle: "in" }],
          };
    const found = validateGraph(graph).problems.filter((p) => p.code === "invalid_undo" && p.nodeId === "x");
    // A fresh node of the kind: what the inspector offers (a value already set stays shown, to be cleared).
    if (nodeOptions(getNodeKind(kind), {}).undo) expect(found).toEqual([]);
    else expect(found.map(essentials)).toEqual([{ severity: "warning", code: "invalid_undo", nodeId: "x", path: "undo" }]);
  });

  it("handles inputs that are not graphs", () => {
    for (const input of [null, 42, "x", [], {}]) {
      const result = validateGraph(input);
      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => p.code)).toContain("schema");
      expect(result.graph).toBeNull();
    }
  });
});

describe("loop and map configs", () => {
  it("refuses a loop without a maximum number of iterations, with a clear message", () => {
    const graph = {
      schemaVersion: 1,
      nodes: [
        { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: {} },
        { id: "loop", kind: "loop", name: "Loop", position: { x: 0, y: 0 }, config: { condition: "true" } },
        { id: "t", kind: "transform", name: "T", position: { x: 0, y: 0 }, config: { expression: "1" } },
        { id: "end", kind: "end", name: "End", position: { x: 0, y: 0 }, config: {} },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "loop", targetHandle: "in" },
        { id: "e2", source: "loop", sourceHandle: "body", target: "t", targetHandle: "in" },
        { id: "e3", source: "t", sourceHandle: "out", target: "loop", targetHandle: "loop" },
        { id: "e4", source: "loop", sourceHandle: "done", target: "end", targetHandle: "in" },
      ],
    };
    const result = validateGraph(graph);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: "error",
        nodeId: "loop",
        path: "config.maxIterations",
        message: expect.stringMatching(/maxIterations/),
      }),
    ]);
    (graph.nodes[1].config as Record<string, unknown>).maxIterations = 5;
    expect(validateGraph(graph).problems).toEqual([]);
  });
});

describe("design-time checks", () => {
  const env = (designChecks as unknown as Fixture).env!;
  const graph = () =>
    structuredClone((designChecks as unknown as Fixture).graph) as { nodes: { id: string; config: Record<string, unknown> }[] };
  const node = (g: ReturnType<typeof graph>, id: string) => g.nodes.find((n) => n.id === id)!;

  it("are warnings only: the graph still validates ok", () => {
    const r = validateGraph(graph(), env);
    expect(r.problems.length).toBeGreaterThan(5);
    expect(r.ok).toBe(true);
  });

  it("skip workspace references without a design environment (the engine), but still judge outputs and literal hosts", () => {
    const codes = new Set(validateGraph(graph()).problems.map((p) => p.code));
    expect([...codes].sort()).toEqual(["unhandled_output", "url_refused"]);
  });

  it("judge only literal hosts, honour the allow-list, and leave host names to run time", () => {
    const urls: [string, boolean][] = [
      ["http://10.1.2.3/x", true],
      ["https://192.168.0.10:8443/{{ $.input.p }}", true],
      ["http://localhost:3000/", true],
      ["http://metadata.google.internal/computeMetadata/v1", true],
      ["http://[fd00::1]/", true],
      ["http://0x7f.0.0.2/", true], // the URL parser normalises it to 127.0.0.2
      ["http://127.0.0.1:8080/stub", false], // allow-listed
      ["https://api.example.com/{{ $.input.id }}", false],
      ["https://{{ $.input.host }}/x", false],
      ["{{ $.input.url }}", false],
      ["http://8.8.8.8/", false],
    ];
    for (const [url, refused] of urls) {
      const g = graph();
      node(g, "call").config.url = url;
      const hit = validateGraph(g, env).problems.some((p) => p.code === "url_refused" && p.nodeId === "call");
      expect([url, hit]).toEqual([url, refused]);
    }
  });

  it("accept a connected Rejected path, a Timed out path only matters with a due time, and known references pass", () => {
    const g = graph() as ReturnType<typeof graph> & { edges: unknown[] };
    g.edges.push({ id: "r", source: "review", sourceHandle: "rejected", target: "end", targetHandle: "in" });
    delete node(g, "review").config.dueInMs;
    node(g, "review").config.assignees = { users: ["u-rev"], roles: ["reviewer", "admin"] };
    node(g, "review").config.escalation = [
      { to: { type: "role", id: "admin" }, afterMs: 60_000 },
      { to: { type: "user", id: "u-rev" }, afterMs: 120_000 },
    ];
    node(g, "call").config.credentialId = "cred-1";
    node(g, "ask").config.providerId = "p1";
    node(g, "ask2").config.model = "fake-2";
    // the MCP tools match the cached list: the one with the old schema re-chosen, the gone one removed
    const tools = node(g, "ask2").config.tools as Record<string, unknown>[];
    tools[1].argsSchema = {
      type: "object",
      properties: { id: { type: "string" }, region: { type: "string" } },
      required: ["id", "region"],
    };
    tools.splice(3, 1);
    const codes = validateGraph(g, env).problems.map((p) => p.code);
    expect(codes.filter((c) => c !== "url_refused" && c !== "unhandled_output")).toEqual([]);
    expect(codes.filter((c) => c === "unhandled_output")).toHaveLength(1); // the agent's Escalate
  });

  it("say which escalation row goes to someone who can never decide, in words the Problems panel shows", () => {
    const g = graph();
    node(g, "review").config.escalation = [
      { to: { type: "user", id: "ghost" }, afterMs: 1 },
      { to: { type: "role", id: "reviewer" }, afterMs: 2 },
      { to: { type: "user", id: "u-viewer" }, afterMs: 3 },
    ];
    const messages = validateGraph(g, env)
      .problems.filter((p) => p.code === "assignee_cannot_decide" && p.path?.startsWith("config.escalation"))
      .map((p) => [p.path, p.message]);
    expect(messages).toEqual([
      ["config.escalation[0].to", '"Review": escalation 1 — user ghost does not exist'],
      ["config.escalation[2].to", '"Review": escalation 3 — Vic (viewer) cannot decide approvals'],
    ]);
  });
});
