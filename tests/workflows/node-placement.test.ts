import { describe, expect, it } from "vitest";
import { placeNode, type Box } from "@/lib/model/node-placement";

const size = { width: 240, height: 80 };
const view: Box = { x: 0, y: 0, width: 1200, height: 800 };

function box(p: { x: number; y: number }): Box {
  return { ...p, ...size };
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}

function insideView(b: Box, v: Box): boolean {
  return b.x >= v.x && b.y >= v.y && b.x + b.width <= v.x + v.width && b.y + b.height <= v.y + v.height;
}

describe("placeNode", () => {
  it("puts the first node at the centre of the view", () => {
    const p = placeNode({ existing: [], size, view });
    expect(p.inView).toBe(true);
    expect(Math.abs(p.x + size.width / 2 - 600)).toBeLessThanOrEqual(16);
    expect(Math.abs(p.y + size.height / 2 - 400)).toBeLessThanOrEqual(16);
  });

  it("puts a node to the right of the selected node", () => {
    const anchor = box({ x: 100, y: 300 });
    const p = placeNode({ existing: [anchor], size, view, anchor });
    expect(p.x).toBeGreaterThan(anchor.x + anchor.width);
    expect(Math.abs(p.y - anchor.y)).toBeLessThanOrEqual(16);
  });

  it("puts it below the selected node when the right is taken", () => {
    const anchor = box({ x: 100, y: 300 });
    const right = box({ x: 400, y: 300 });
    const p = placeNode({ existing: [anchor, right], size, view, anchor });
    expect(p.y).toBeGreaterThan(anchor.y + anchor.height);
    expect(Math.abs(p.x - anchor.x)).toBeLessThanOrEqual(16);
  });

  it("puts it below when the right of the selected node is outside the view", () => {
    const anchor = box({ x: 900, y: 100 });
    const p = placeNode({ existing: [anchor], size, view, anchor });
    expect(insideView(box(p), view)).toBe(true);
    expect(p.y).toBeGreaterThan(anchor.y + anchor.height);
  });

  it("never overlaps and stays inside the view when adding many nodes in a row", () => {
    const existing: Box[] = [box({ x: 480, y: 360 })];
    let anchor: Box | null = existing[0];
    for (let i = 0; i < 12; i++) {
      const p = placeNode({ existing, size, view, anchor });
      const b = box(p);
      expect(p.inView).toBe(true);
      expect(insideView(b, view)).toBe(true);
      for (const other of existing) expect(overlap(b, other)).toBe(false);
      existing.push(b);
      anchor = b;
    }
  });

  it("fills a crowded centre outwards without overlapping", () => {
    const existing: Box[] = [];
    for (let i = 0; i < 9; i++) {
      const p = placeNode({ existing, size, view });
      const b = box(p);
      expect(insideView(b, view)).toBe(true);
      for (const other of existing) expect(overlap(b, other)).toBe(false);
      existing.push(b);
    }
  });

  it("works in a view that is not at the origin", () => {
    const shifted: Box = { x: -2000, y: 500, width: 700, height: 400 };
    const existing = [box({ x: -1720, y: 660 })];
    const p = placeNode({ existing, size, view: shifted });
    expect(insideView(box(p), shifted)).toBe(true);
    expect(overlap(box(p), existing[0])).toBe(false);
  });

  it("goes outside the view, and says so, when the view has no free spot", () => {
    const small: Box = { x: 0, y: 0, width: 300, height: 120 };
    const existing = [box({ x: 30, y: 20 })];
    const p = placeNode({ existing, size, view: small });
    expect(p.inView).toBe(false);
    expect(overlap(box(p), existing[0])).toBe(false);
  });
});
