// The estimates a large canvas gives nodes it has not rendered (components/canvas/node-estimate.ts)
// and the first view computed from them (initial-viewport.ts).
import { describe, expect, it } from "vitest";
import type { CanvasNode } from "@/components/canvas/canvas-types";
import { initialViewport, INITIAL_MIN_ZOOM } from "@/components/canvas/initial-viewport";
import { estimateNode, withEstimate } from "@/components/canvas/node-estimate";
import { graphToFlow } from "@/lib/model/flow-conversion";
import { createNode } from "@/lib/model/create-node";
import type { NodeKind } from "@/lib/model/node-kind";

function node(kind: NodeKind, id: string, x = 0, y = 0, config?: Record<string, unknown>): CanvasNode {
  const draft = createNode(kind, { id, name: id, position: { x, y } });
  if (config) draft.config = config;
  return graphToFlow({ schemaVersion: 1, nodes: [draft], edges: [] }).nodes[0] as CanvasNode;
}

describe("node estimate", () => {
  it("gives a single-output node its card width, a fractional height and header-level handles", () => {
    const e = estimateNode(node("transform", "t"));
    expect(e.width).toBe(248);
    expect(Number.isInteger(e.height)).toBe(false);
    expect(e.height).toBeGreaterThan(50);
    expect(e.handles).toEqual([
      expect.objectContaining({ id: "in", type: "target", position: "left", x: -5, y: 21 }),
      expect.objectContaining({ id: "out", type: "source", position: "right", x: 243, y: 21 }),
    ]);
  });

  it("stacks one output row per branch below the header, and grows with them", () => {
    const one = estimateNode(node("condition", "c1", 0, 0, { branches: [{ id: "a", label: "A", expression: "true" }] }));
    const three = estimateNode(
      node("condition", "c3", 0, 0, {
        branches: [
          { id: "a", label: "A", expression: "true" },
          { id: "b", label: "B", expression: "true" },
          { id: "c", label: "C", expression: "true" },
        ],
      }),
    );
    const sources = three.handles.filter((h) => h.type === "source");
    expect(sources.map((h) => h.id)).toEqual(["a", "b", "c", "else"]);
    const ys = sources.map((h) => h.y);
    expect([...ys].sort((p, q) => p - q)).toEqual(ys);
    expect(ys[0]).toBeGreaterThan(21);
    expect(three.height).toBeGreaterThan(one.height);
  });

  it("puts a Loop's loop-back input at the bottom centre", () => {
    const e = estimateNode(node("loop", "l"));
    expect(e.handles.find((h) => h.id === "loop")).toMatchObject({ type: "target", position: "bottom", x: 124 - 5, y: e.height - 5 });
  });

  it("passes measured nodes through and caches one estimated copy per unmeasured node object", () => {
    const measured = { ...node("transform", "m"), measured: { width: 248, height: 80 } };
    expect(withEstimate(measured)).toBe(measured);
    const raw = node("transform", "u");
    const a = withEstimate(raw);
    expect(a).not.toBe(raw);
    expect(a.measured?.width).toBe(248);
    expect(a.handles?.length).toBe(2);
    expect(withEstimate(raw)).toBe(a);
    const moved = { ...raw, position: { x: 5, y: 5 } };
    expect(withEstimate(moved)).not.toBe(a);
  });
});

describe("initial viewport", () => {
  const size = { width: 1000, height: 700 };

  it("fits a small graph, never zooming past 100%", () => {
    const nodes = [node("start", "s", 0, 0), node("transform", "t", 320, 0), node("end", "e", 640, 0)];
    const v = initialViewport(nodes, size);
    expect(v.zoom).toBeLessThanOrEqual(1);
    for (const n of nodes) {
      const { width = 0, height = 0 } = withEstimate(n).measured ?? {};
      const left = n.position.x * v.zoom + v.x;
      const top = n.position.y * v.zoom + v.y;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(left + width * v.zoom).toBeLessThanOrEqual(size.width);
      expect(top + height * v.zoom).toBeLessThanOrEqual(size.height);
    }
  });

  it("opens a graph too big to fit readably at its left end, at a readable zoom", () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node("transform", `t${i}`, (i % 30) * 320, Math.floor(i / 30) * 144));
    const v = initialViewport(nodes, size);
    expect(v.zoom).toBe(INITIAL_MIN_ZOOM);
    expect(v.x).toBe(48);
  });

  it("leaves an empty graph, or a canvas without a size, at the origin", () => {
    expect(initialViewport([], size)).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(initialViewport([node("start", "s")], { width: 0, height: 0 })).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
