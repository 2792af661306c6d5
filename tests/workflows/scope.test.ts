import { describe, expect, it } from "vitest";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { completeScope, draftScopeKeys } from "@/lib/model/draft-scope";

function graph(): DraftGraph {
  const start = createNode("start", { id: "start", name: "Start" });
  start.config.inputSchema = {
    type: "object",
    properties: {
      amount: { type: "number", description: "Loan amount" },
      applicant: { type: "object", properties: { name: { type: "string" } } },
    },
  };
  return {
    schemaVersion: 1,
    nodes: [
      start,
      createNode("http", { id: "credit", name: "Credit check" }),
      createNode("transform", { id: "score", name: "Score" }),
      createNode("transform", { id: "side", name: "Side branch" }),
      createNode("end", { id: "end", name: "End" }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "credit", targetHandle: "in" },
      { id: "e2", source: "credit", sourceHandle: "out", target: "score", targetHandle: "in" },
      { id: "e3", source: "start", sourceHandle: "out", target: "side", targetHandle: "in" },
      { id: "e4", source: "score", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

describe("autocomplete scope", () => {
  it("offers the run input and upstream steps only, in execution order", () => {
    const paths = draftScopeKeys(graph(), "end").map((k) => k.path);
    expect(paths).toContain("$.input.amount");
    expect(paths).toContain("$.input.applicant.name");
    expect(paths).toContain("$.steps.`Credit check`.output");
    expect(paths).toContain("$.steps.Score.output");
    expect(paths).not.toContain("$.steps.Side_branch.output");
    expect(paths.some((p) => p.includes("Side branch"))).toBe(false);
    expect(paths.indexOf("$.steps.`Credit check`.output")).toBeLessThan(paths.indexOf("$.steps.Score.output"));
    expect(paths).toContain("$.run.id");
  });

  it("offers only Start to the first node and survives a malformed start config", () => {
    const g = graph();
    expect(
      draftScopeKeys(g, "credit")
        .filter((k) => k.kind === "step")
        .map((k) => k.path),
    ).toEqual(["$.steps.Start.output", "$.steps.Start.status"]);
    g.nodes[0].config = { inputSchema: "oops" };
    const paths = draftScopeKeys(g, "score").map((k) => k.path);
    expect(paths).toContain("$.input");
    expect(paths).not.toContain("$.input.amount");
    expect(paths).toContain("$.steps.`Credit check`.output");
  });

  it("completes the path being typed", () => {
    const keys = draftScopeKeys(graph(), "end");
    expect(completeScope(keys, "$sum($.inp").matches.map((k) => k.path)).toEqual([
      "$.input",
      "$.input.amount",
      "$.input.applicant",
      "$.input.applicant.name",
    ]);
    expect(completeScope(keys, "$.steps.`Cre").matches[0].path).toBe("$.steps.`Credit check`.output");
    expect(completeScope(keys, "1 + $.input.amount * $.st").token).toBe("$.st");
    expect(completeScope(keys, "$.input.amount ").matches).toEqual([]);
    expect(completeScope(keys, "plain text").matches).toEqual([]);
    expect(completeScope(keys, "$").matches.length).toBeGreaterThan(5);
  });
});
