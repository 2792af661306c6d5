// A large workflow in the editor: from 200 nodes the canvas mounts only the nodes on screen
// (components/canvas/node-estimate.ts). Opening, panning, dragging and saving must work as on a
// small graph, and the minimap must still show the whole graph.
import type { Page } from "@playwright/test";
import { syntheticGraph } from "../bench/canvas/synthetic-graph";
import { test, expect } from "./support/fixtures";
import { canvasEdges, canvasNode, canvasNodes, createWorkflow, getDraft, openEditor, type Graph } from "./support/builder-helpers";

/** A point where the pane itself (no node or edge) is under the mouse, on the given side of the canvas. */
async function emptyPanePoint(page: Page, side: "left" | "right"): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((s) => {
    const pane = document.querySelector(".react-flow__pane");
    if (!pane) return null;
    const r = pane.getBoundingClientRect();
    for (let fy = 0.3; fy <= 0.7; fy += 0.02) {
      for (let i = 0; i < 10; i++) {
        const fx = s === "right" ? 0.9 - i * 0.02 : 0.1 + i * 0.02;
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        if (document.elementFromPoint(x, y) === pane) return { x, y };
      }
    }
    return null;
  }, side);
  if (!p) throw new Error("no empty pane point");
  return p;
}

test("a 600-node workflow opens on its first steps, mounts only what is on screen, and pans, drags and saves like a small one", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Large graph", syntheticGraph(600) as unknown as Graph);
  const page = await pageAs("designer");
  await openEditor(page, id);

  // Opens at the start of the graph, at a readable zoom, with only the visible part mounted.
  await expect(canvasNode(page, "Start")).toBeVisible();
  await expect(canvasNode(page, "Step 1.9")).toBeVisible();
  await expect(canvasEdges(page).first()).toBeVisible();
  expect(await canvasNodes(page).count()).toBeLessThan(150);
  await expect(canvasNode(page, "Step 8.9")).toHaveCount(0);
  const minimap = page.getByRole("img", { name: "Minimap" });
  await expect(minimap).toBeVisible();
  await expect(minimap.locator("path.react-flow__minimap-node")).not.toHaveCount(0);

  // Panning brings later steps in (mounted with their edges) and lets the first ones go.
  for (let i = 0; i < 2; i++) {
    const from = await emptyPanePoint(page, "right");
    const to = await emptyPanePoint(page, "left");
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, from.y, { steps: 10 });
    await page.mouse.up();
  }
  const step = canvasNode(page, "Step 8.9");
  await expect(step).toBeVisible();
  // Its incoming edge is drawn ("Step 8.9" is t_7_8 in the synthetic graph).
  await expect(page.locator('.react-flow__edge[aria-label$=" to t_7_8"] path.react-flow__edge-path')).not.toHaveCount(0);
  await expect(canvasNode(page, "Start")).toHaveCount(0);

  // Dragging a node moves it, and the draft saves its new position.
  const positionOf = async () => (await getDraft(api, id)).graph.nodes.find((n) => n.name === "Step 8.9")?.position;
  const before = await positionOf();
  const box = await step.boundingBox();
  if (!box) throw new Error("Step 8.9 has no box");
  await page.mouse.move(box.x + box.width / 2, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + 12 + 64, { steps: 6 });
  await page.mouse.up();
  await expect.poll(positionOf).not.toEqual(before);
  await expect(step).toBeVisible();
});

test("a node dragged to the canvas's edge stays under the pointer while the view pans under it, and is saved where it was dropped", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Auto-pan", syntheticGraph(600) as unknown as Graph);
  const page = await pageAs("designer");
  await openEditor(page, id);
  const card = canvasNode(page, "Step 1.9");
  await expect(card).toBeVisible();
  const pane = await page.locator(".react-flow__pane").boundingBox();
  const box = await card.boundingBox();
  if (!pane || !box) throw new Error("no pane or card box");
  const before = (await getDraft(api, id)).graph.nodes.find((n) => n.name === "Step 1.9")?.position;
  if (!before) throw new Error("Step 1.9 is not in the draft");
  const viewX = () => page.locator(".react-flow__viewport").evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).e);
  const startX = await viewX();

  // Held just inside the right edge, React Flow keeps panning the view and moving the card with it.
  const grab = { x: box.x + box.width / 2, y: box.y + 12 };
  const edgeX = pane.x + pane.width - 8;
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  // React Flow measures the grab offset at the first move past its 1 px threshold, so that move is kept
  // small: a first move of 100 px (or several moves a loaded browser coalesced into one) would leave the
  // card that far behind the pointer for the whole drag.
  await page.mouse.move(grab.x + 3, grab.y);
  await expect(card).toHaveClass(/\bdragging\b/);
  await page.mouse.move(edgeX, grab.y, { steps: 8 });
  // Its speed is per animation frame, which a loaded machine draws fewer of.
  await expect.poll(viewX, { timeout: 30_000 }).toBeLessThan(startX - 200);
  const held = await card.boundingBox();
  if (!held) throw new Error("the dragged card left the DOM");
  expect(held.x).toBeLessThan(edgeX);
  expect(held.x + held.width).toBeGreaterThan(edgeX);
  await page.mouse.up();

  // Saved exactly where the canvas draws it, far from where it started.
  const drawn = await card.evaluate((el) => {
    const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
    return { x: m.e, y: m.f };
  });
  expect(drawn.x).toBeGreaterThan(before.x + 400);
  await expect.poll(async () => (await getDraft(api, id)).graph.nodes.find((n) => n.name === "Step 1.9")?.position).toEqual(drawn);
});
