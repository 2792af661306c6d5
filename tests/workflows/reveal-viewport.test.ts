import { describe, expect, it } from "vitest";
import { revealViewport } from "@/lib/model/reveal-viewport";

// A 768 × 900 canvas whose lower 45 % a bottom sheet covers.
const area = { x: 0, y: 0, width: 768, height: 495 };
const node = { x: 100, y: 700, width: 240, height: 80 };

describe("revealViewport", () => {
  it("leaves the view alone when the node is already in the uncovered area", () => {
    expect(revealViewport({ ...node, y: 100 }, { x: 0, y: 0, zoom: 1 }, area)).toBeNull();
  });

  it("moves a node under the sheet to the centre of the uncovered area, keeping the zoom", () => {
    const v = revealViewport(node, { x: 0, y: 0, zoom: 0.8 }, area)!;
    expect(v.zoom).toBe(0.8);
    const centre = { x: (node.x + node.width / 2) * v.zoom + v.x, y: (node.y + node.height / 2) * v.zoom + v.y };
    expect(centre).toEqual({ x: 384, y: 247.5 });
  });

  it("counts the margin: a node touching the area's edge is moved", () => {
    const touching = { ...node, y: 495 - 80 - 4 };
    expect(revealViewport(touching, { x: 0, y: 0, zoom: 1 }, area, 16)).not.toBeNull();
    expect(revealViewport(touching, { x: 0, y: 0, zoom: 1 }, area, 0)).toBeNull();
  });

  it("works for a side sheet: a node under a right-hand sheet moves left", () => {
    const left = { x: 0, y: 0, width: 768 - 320, height: 900 };
    const v = revealViewport({ x: 500, y: 300, width: 240, height: 80 }, { x: 0, y: 0, zoom: 1 }, left)!;
    expect(v.x + (500 + 240) * v.zoom).toBeLessThanOrEqual(448);
  });
});
