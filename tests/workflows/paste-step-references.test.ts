// Pasting steps whose names must be made unique: expressions of the pasted steps that refer to one
// another by name follow the new names; references to steps that were not pasted are untouched.
import { describe, expect, it } from "vitest";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { copySelection, pasteIntoGraph } from "@/lib/model/clipboard";
import { renameStepReferences, renameStepReferencesInText } from "@/lib/model/step-references";

function graph(): DraftGraph {
  return {
    schemaVersion: 1,
    nodes: [
      createNode("start", { id: "start", name: "Start", position: { x: 0, y: 0 } }),
      createNode("http", { id: "fetch", name: "Credit check", position: { x: 200, y: 0 } }),
      createNode("transform", { id: "score", name: "Score", position: { x: 400, y: 0 } }),
      createNode("condition", { id: "route", name: "Route", position: { x: 600, y: 0 } }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "fetch", targetHandle: "in" },
      { id: "e2", source: "fetch", sourceHandle: "out", target: "score", targetHandle: "in" },
      { id: "e3", source: "score", sourceHandle: "out", target: "route", targetHandle: "in" },
    ],
  };
}

describe("renameStepReferencesInText", () => {
  const renames = new Map([
    ["Score", "Score 2"],
    ["Credit check", "Credit check 2"],
    ["A", "A 2"],
    ["A 2", "A 3"],
  ]);

  it("rewrites plain and quoted references, quoting names that need it", () => {
    expect(renameStepReferencesInText("$.steps.Score.output.value > 3", renames)).toBe("$.steps.`Score 2`.output.value > 3");
    expect(renameStepReferencesInText("$.steps.`Credit check`.output.score", renames)).toBe("$.steps.`Credit check 2`.output.score");
    expect(renameStepReferencesInText("Hi {{ $.steps.Score.output }} and {{ $.steps.Score.status }}", renames)).toBe(
      "Hi {{ $.steps.`Score 2`.output }} and {{ $.steps.`Score 2`.status }}",
    );
  });

  it("leaves other names, longer identifiers and other paths alone", () => {
    expect(renameStepReferencesInText("$.steps.Scores.output", renames)).toBe("$.steps.Scores.output");
    expect(renameStepReferencesInText("$.steps.Route.output", renames)).toBe("$.steps.Route.output");
    expect(renameStepReferencesInText("$.input.Score", renames)).toBe("$.input.Score");
  });

  it("applies all renames at once (no chained rewrites)", () => {
    expect(renameStepReferencesInText("$.steps.A.output + $.steps.`A 2`.output", renames)).toBe(
      "$.steps.`A 2`.output + $.steps.`A 3`.output",
    );
  });

  it("walks nested configs without changing the original", () => {
    const config = { branches: [{ label: "hi", expression: "$.steps.Score.output > 1" }], other: 3, flag: true, none: null };
    const renamed = renameStepReferences(config, renames);
    expect(renamed).toEqual({ branches: [{ label: "hi", expression: "$.steps.`Score 2`.output > 1" }], other: 3, flag: true, none: null });
    expect(config.branches[0].expression).toBe("$.steps.Score.output > 1");
  });
});

describe("paste renames references between pasted steps", () => {
  it("points a pasted step at the pasted copy of the step it read, not the original", () => {
    const g = graph();
    const score = g.nodes.find((n) => n.id === "score")!;
    score.config = { expression: '{ "score": $.steps.`Credit check`.output.body.score }' };
    const route = g.nodes.find((n) => n.id === "route")!;
    route.config = {
      branches: [{ id: "high", label: "High", expression: "$.steps.Score.output.score > 700 and $.steps.Start.status = 'succeeded'" }],
    };

    const payload = copySelection(g, new Set(["fetch", "score", "route"]))!;
    const result = pasteIntoGraph(g, payload);
    const pasted = result.graph.nodes.filter((n) => result.nodeIds.includes(n.id));
    expect(pasted.map((n) => n.name)).toEqual(["Credit check 2", "Score 2", "Route 2"]);
    expect(pasted[1].config.expression).toBe('{ "score": $.steps.`Credit check 2`.output.body.score }');
    // Start was not pasted: its reference still means the workflow's Start.
    expect((pasted[2].config.branches as { expression: string }[])[0].expression).toBe(
      "$.steps.`Score 2`.output.score > 700 and $.steps.Start.status = 'succeeded'",
    );
    // The originals are unchanged.
    expect(result.graph.nodes.find((n) => n.id === "score")!.config.expression).toBe(
      '{ "score": $.steps.`Credit check`.output.body.score }',
    );
  });

  it("keeps references to a step that was not pasted, and changes nothing when no name changed", () => {
    const g = graph();
    g.nodes.find((n) => n.id === "score")!.config = { expression: "$.steps.`Credit check`.output" };
    const alone = pasteIntoGraph(g, copySelection(g, new Set(["score"]))!);
    expect(alone.graph.nodes.at(-1)).toMatchObject({ name: "Score 2", config: { expression: "$.steps.`Credit check`.output" } });

    const empty: DraftGraph = { schemaVersion: 1, nodes: [], edges: [] };
    const across = pasteIntoGraph(empty, copySelection(g, new Set(["fetch", "score"]))!);
    expect(across.graph.nodes.map((n) => n.name)).toEqual(["Credit check", "Score"]);
    expect(across.graph.nodes[1].config.expression).toBe("$.steps.`Credit check`.output");
  });
});
