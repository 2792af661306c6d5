import { describe, expect, it } from "vitest";
import valid from "./fixtures/valid-loan-approval.json";
import { createNode } from "./create-node";
import { diffGraphs, summarizeDiff } from "./diff-graph";
import { parseGraph, type WorkflowGraph } from "./graph-schema";

function load(): WorkflowGraph {
  const result = parseGraph(valid);
  if (!result.success) throw new Error(result.error.message);
  return result.data;
}

describe("diffGraphs", () => {
  it("finds no changes between equal graphs", () => {
    const diff = diffGraphs(load(), load());
    expect(diff).toEqual({ added: [], removed: [], changed: [], edgesAdded: 0, edgesRemoved: 0, settingsChanged: false });
    expect(summarizeDiff(diff)).toBe("No changes");
  });

  it("ignores position-only moves", () => {
    const b = load();
    b.nodes[3].position = { x: 999, y: -999 };
    expect(diffGraphs(load(), b).changed).toEqual([]);
  });

  it("reports added, removed and changed nodes and edges", () => {
    const a = load();
    const b = load();
    b.nodes = b.nodes.filter((n) => n.id !== "audit");
    b.edges = b.edges.filter((e) => e.source !== "audit" && e.target !== "audit");
    b.nodes.push(createNode("delay", { id: "pause", name: "Pause" }), createNode("transform", { id: "log", name: "Log" }));
    b.edges.push({ id: "x1", source: "prepare", sourceHandle: "out", target: "pause", targetHandle: "in" });
    const prepare = b.nodes.find((n) => n.id === "prepare")!;
    if (prepare.kind === "transform") prepare.config.expression = "$.input";
    const notify = b.nodes.find((n) => n.id === "notify")!;
    notify.retry = { ...notify.retry!, maxAttempts: 2 } as never;
    const diff = diffGraphs(a, b);
    expect(diff).toMatchObject({ added: ["pause", "log"], removed: ["audit"], changed: ["prepare", "notify"] });
    expect(diff.edgesAdded).toBe(1);
    expect(diff.edgesRemoved).toBe(2);
    expect(summarizeDiff(diff)).toBe("2 nodes added, 1 removed, 2 changed; 1 edge added, 2 removed");
  });

  it("matches edges by connection, not id", () => {
    const b = load();
    b.edges = b.edges.map((e) => ({ ...e, id: `new_${e.id}` }));
    expect(diffGraphs(load(), b)).toMatchObject({ edgesAdded: 0, edgesRemoved: 0 });
  });

  it("summarises partial diffs", () => {
    const base = { added: [], removed: [], changed: [], edgesAdded: 0, edgesRemoved: 0, settingsChanged: false };
    expect(summarizeDiff({ ...base, added: ["a", "b"], changed: ["c"] })).toBe("2 nodes added, 1 changed");
    expect(summarizeDiff({ ...base, changed: ["c"] })).toBe("1 node changed");
    expect(summarizeDiff({ ...base, edgesRemoved: 1, settingsChanged: true })).toBe("1 edge removed; settings changed");
  });
});
