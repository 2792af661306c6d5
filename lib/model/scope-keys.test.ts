import { describe, expect, it } from "vitest";
import valid from "./fixtures/valid-loan-approval.json";
import { parseGraph } from "./graph-schema";
import { buildScopeKeys } from "./scope-keys";

const graph = (() => {
  const result = parseGraph(valid);
  if (!result.success) throw new Error(result.error.message);
  return result.data;
})();

describe("buildScopeKeys", () => {
  it("lists input fields from the start schema, ancestors only, and run metadata", () => {
    const paths = buildScopeKeys(graph, "window").map((k) => k.path);
    expect(paths).toEqual([
      "$.input",
      "$.input.amount",
      "$.input.customerId",
      "$.input.customer",
      "$.input.customer.`first name`",
      "$.steps.Start.output",
      "$.steps.Start.status",
      "$.steps.`Credit check`.output",
      "$.steps.`Credit check`.output.status",
      "$.steps.`Credit check`.output.headers",
      "$.steps.`Credit check`.output.body",
      "$.steps.`Credit check`.status",
      "$.steps.Route.output",
      "$.steps.Route.output.branch",
      "$.steps.Route.status",
      "$.steps.`Cool off`.output",
      "$.steps.`Cool off`.output.waitedUntil",
      "$.steps.`Cool off`.status",
      "$.run.id",
      "$.run.startedAt",
    ]);
  });

  it("lists an upstream step's output fields from its kind and config, and from its last run's output", () => {
    const pos = { x: 0, y: 0 };
    const parsed = parseGraph({
      schemaVersion: 1,
      nodes: [
        { id: "start", kind: "start", name: "Start", position: pos, config: {} },
        {
          id: "score",
          kind: "agent",
          name: "Score",
          position: pos,
          config: {
            system: "",
            user: "Score {{ $.input }}",
            responseSchema: {
              type: "object",
              properties: {
                risk: { type: "string", enum: ["low", "high"] },
                limits: { type: "object", properties: { max: { type: "number" } } },
              },
            },
          },
        },
        { id: "shape", kind: "transform", name: "Shape", position: pos, config: { expression: "{ 'total': 1 }" } },
        { id: "end", kind: "end", name: "End", position: pos, config: {} },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "score", targetHandle: "in" },
        { id: "e2", source: "score", sourceHandle: "ok", target: "shape", targetHandle: "in" },
        { id: "e3", source: "shape", sourceHandle: "out", target: "end", targetHandle: "in" },
      ],
    });
    if (!parsed.success) throw new Error(parsed.error.message);
    const samples = new Map<string, unknown>([
      ["shape", { total: 12.5, lines: [{ sku: "a" }], customer: { name: "Ada" } }],
      ["score", { answer: { risk: "low", extra: true }, rationale: "ok" }],
    ]);
    const keys = buildScopeKeys(parsed.data, "end", samples);
    const paths = keys.map((k) => k.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "$.steps.Score.output.answer",
        "$.steps.Score.output.answer.risk",
        "$.steps.Score.output.answer.limits.max",
        "$.steps.Score.output.confidence",
        "$.steps.Score.output.answer.extra",
        "$.steps.Shape.output.total",
        "$.steps.Shape.output.lines",
        "$.steps.Shape.output.customer.name",
      ]),
    );
    // a path the kind's shape names is listed once, with the shape's description
    expect(paths.filter((p) => p === "$.steps.Score.output.answer.risk")).toHaveLength(1);
    expect(keys.find((k) => k.path === "$.steps.Score.output.answer.risk")?.detail).toBe("string");
    expect(keys.find((k) => k.path === "$.steps.Shape.output.total")?.detail).toBe("last run: number");
    // without samples a transform's output has no known fields
    expect(buildScopeKeys(parsed.data, "end").some((k) => k.path.startsWith("$.steps.Shape.output."))).toBe(false);
  });

  it("describes input fields", () => {
    const amount = buildScopeKeys(graph, "route").find((k) => k.path === "$.input.amount");
    expect(amount).toEqual({ path: "$.input.amount", kind: "input", detail: "number — Requested amount in EUR" });
  });

  it("has no steps for the start node", () => {
    expect(buildScopeKeys(graph, "start").filter((k) => k.kind === "step")).toEqual([]);
  });
});

describe("scope keys in Loop and Map bodies", () => {
  const pos = { x: 0, y: 0 };
  const result = parseGraph({
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos, config: {} },
      { id: "each", kind: "map", name: "Each", position: pos, config: { items: "$.input.xs", concurrency: 2 } },
      { id: "again", kind: "loop", name: "Again", position: pos, config: { condition: "true", maxIterations: 2 } },
      { id: "a", kind: "transform", name: "A", position: pos, config: { expression: "1" } },
      { id: "b", kind: "transform", name: "B", position: pos, config: { expression: "1" }, undo: "u" },
      { id: "u", kind: "transform", name: "U", position: pos, config: { expression: "1" } },
      { id: "end", kind: "end", name: "End", position: pos, config: {} },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "each", targetHandle: "in" },
      { id: "e2", source: "each", sourceHandle: "body", target: "again", targetHandle: "in" },
      { id: "e3", source: "again", sourceHandle: "body", target: "a", targetHandle: "in" },
      { id: "e4", source: "a", sourceHandle: "out", target: "again", targetHandle: "loop" },
      { id: "e5", source: "again", sourceHandle: "done", target: "b", targetHandle: "in" },
      { id: "e6", source: "b", sourceHandle: "out", target: "each", targetHandle: "loop" },
      { id: "e7", source: "each", sourceHandle: "done", target: "end", targetHandle: "in" },
    ],
  });
  if (!result.success) throw new Error(result.error.message);
  const g = result.data;
  const paths = (id: string) => buildScopeKeys(g, id).map((k) => k.path);
  it("offers $.item inside a Map body, $.loop inside a Loop body, and only real ancestors", () => {
    const inner = paths("a");
    expect(inner).toEqual(expect.arrayContaining(["$.item", "$.index", "$.loop.iteration", "$.loop.last", "$.steps.Start.output"]));
    // Enclosing containers have not finished, and B comes after the loop.
    for (const p of ["$.steps.Each.output", "$.steps.Again.output", "$.steps.B.output"]) expect(inner).not.toContain(p);
    const b = paths("b");
    expect(b).toEqual(expect.arrayContaining(["$.item", "$.steps.Again.output"]));
    expect(b).not.toContain("$.loop.iteration");
    expect(b).not.toContain("$.steps.A.output");
    expect(paths("end")).not.toContain("$.item");
    expect(paths("again")).toContain("$.loop.iteration");
  });
  it("offers $.compensation in an undo node", () => {
    expect(paths("u")).toEqual(expect.arrayContaining(["$.compensation.step", "$.compensation.input", "$.compensation.output"]));
  });
});

describe("callback URLs of Wait for callback steps in parallel branches", () => {
  const pos = { x: 0, y: 0 };
  const result = parseGraph({
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos, config: {} },
      { id: "cb", kind: "wait_callback", name: "Payment", position: pos, config: {} },
      { id: "call", kind: "transform", name: "Call", position: pos, config: { expression: "1" } },
      { id: "after", kind: "transform", name: "After", position: pos, config: { expression: "1" } },
      { id: "end", kind: "end", name: "End", position: pos, config: {} },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "cb", targetHandle: "in" },
      { id: "e2", source: "start", sourceHandle: "out", target: "call", targetHandle: "in" },
      { id: "e3", source: "cb", sourceHandle: "out", target: "after", targetHandle: "in" },
      { id: "e4", source: "after", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  });
  if (!result.success) throw new Error(result.error.message);
  const paths = (id: string) => buildScopeKeys(result.data, id).map((k) => k.path);
  it("offers $.steps.<node>.callbackUrl in a parallel branch only", () => {
    expect(paths("call")).toContain("$.steps.Payment.callbackUrl");
    // After the wait (it no longer waits) and on the wait itself: no URL.
    expect(paths("after")).not.toContain("$.steps.Payment.callbackUrl");
    expect(paths("cb")).not.toContain("$.steps.Payment.callbackUrl");
    expect(paths("start")).not.toContain("$.steps.Payment.callbackUrl");
  });
});
