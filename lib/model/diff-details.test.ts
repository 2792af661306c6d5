import { describe, expect, it } from "vitest";
import valid from "./fixtures/valid-loan-approval.json";
import { diffDraft, hasChanges, type GraphLike } from "./diff-details";
import { parseGraph } from "./graph-schema";

const published = (): GraphLike => {
  const r = parseGraph(valid);
  if (!r.success) throw new Error(r.error.message);
  return r.data;
};
/** The draft as the editor holds it: the raw document, defaults not spelled out. */
const draft = () => structuredClone(valid) as unknown as { nodes: GraphLike["nodes"][number][]; edges: GraphLike["edges"][number][] };

describe("diffDraft", () => {
  it("finds nothing between a version and the draft it was published from (defaults and positions aside)", () => {
    const d = draft();
    (d.nodes[2] as unknown as { position: unknown }).position = { x: 5000, y: 5000 };
    const diff = diffDraft(published(), d);
    expect(diff).toEqual({ nodes: [], edges: [], settingsChanged: false });
    expect(hasChanges(diff)).toBe(false);
  });

  it("names added, removed and changed nodes and the edges added and removed", () => {
    const d = draft();
    const removed = d.nodes[d.nodes.length - 1];
    d.nodes = d.nodes.filter((n) => n.id !== removed.id);
    d.edges = d.edges.filter((e) => e.source !== removed.id && e.target !== removed.id);
    const changed = d.nodes.find((n) => n.kind === "transform")!;
    (changed as unknown as { config: Record<string, unknown> }).config = { expression: "$.input.other" };
    d.nodes.push({ id: "new1", kind: "transform", name: "Fresh", position: { x: 0, y: 0 }, config: { expression: "1" } } as never);
    d.edges.push({ source: changed.id, sourceHandle: "out", target: "new1", targetHandle: "in", id: "enew" } as never);
    const diff = diffDraft(published(), d);
    expect(diff.nodes).toEqual(
      expect.arrayContaining([
        { id: changed.id, name: changed.name, kind: "transform", change: "changed" },
        { id: "new1", name: "Fresh", kind: "transform", change: "added" },
        { id: removed.id, name: removed.name, kind: removed.kind, change: "removed" },
      ]),
    );
    expect(diff.nodes).toHaveLength(3);
    expect(diff.edges).toContainEqual({ label: `${changed.name} → Fresh`, change: "added" });
    expect(diff.edges.filter((e) => e.change === "removed").length).toBeGreaterThan(0);
    expect(diff.edges.filter((e) => e.change === "removed").every((e) => e.label.includes(removed.name))).toBe(true);
    expect(hasChanges(diff)).toBe(true);
  });

  it("labels an edge by its output when it is not the plain one", () => {
    const p = published();
    const d = draft();
    const e = d.edges.find((x) => x.sourceHandle !== "out")!;
    d.edges = d.edges.filter((x) => x !== e);
    const names = new Map(p.nodes.map((n) => [n.id, n.name]));
    expect(diffDraft(p, d).edges).toEqual([
      { label: `${names.get(e.source)} (${e.sourceHandle}) → ${names.get(e.target)}`, change: "removed" },
    ]);
  });
});
