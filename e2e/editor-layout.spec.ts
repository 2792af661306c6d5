// The editor gives the canvas the screen: collapsible palette and inspector (remembered), a small
// minimap that can be hidden, click-to-add that never drops a node on another one or off the
// canvas, and a toolbar whose controls do not overlap at 768 px.
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { canvasNode, canvasNodes, chainGraph, createWorkflow, expectSaved } from "./support/builder-helpers";

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

async function rects(locator: Locator): Promise<(Rect & { name: string })[]> {
  return locator.evaluateAll((els) =>
    els
      .map((e) => {
        const r = e.getBoundingClientRect();
        const name = e.getAttribute("aria-label") ?? e.getAttribute("data-testid") ?? e.textContent?.trim() ?? e.tagName;
        return { x: r.x, y: r.y, width: r.width, height: r.height, name };
      })
      .filter((r) => r.width > 0 && r.height > 0),
  );
}

/** Every pair of rectangles that overlap, named, so a failure says which. */
function overlapping(list: (Rect & { name: string })[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) if (overlap(list[i], list[j])) out.push(`${list[i].name} × ${list[j].name}`);
  return out;
}

async function open(page: Page, id: string, size: { width: number; height: number }) {
  await page.setViewportSize(size);
  await page.goto(`/workflows/${id}`);
  await expect(canvasNodes(page).first()).toBeVisible();
}

test("at 1440 px with both panels collapsed the canvas has at least 70 % of the width; the choice is remembered and the minimap hides", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Layout wide", chainGraph([{ id: "t1", name: "Tidy" }]));
  const page = await pageAs("designer");
  await open(page, id, { width: 1440, height: 900 });

  await page.getByRole("button", { name: "Collapse palette" }).click();
  await page.getByRole("button", { name: "Collapse inspector" }).click();
  await expect(page.getByRole("button", { name: "Expand palette" })).toHaveAttribute("aria-expanded", "false");
  const canvas = page.getByTestId("editor-canvas");
  await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(0.7 * 1440);
  await page.screenshot({ path: "test-results/editor-layout-collapsed.png" });

  // Remembered on the next visit.
  await page.reload();
  await expect(page.getByRole("button", { name: "Expand inspector" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Expand palette" })).toBeVisible();
  await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(0.7 * 1440);

  // The minimap is small and can be hidden (and shown again), also from the keyboard.
  const minimap = page.getByRole("img", { name: "Minimap" });
  await expect(minimap).toBeVisible();
  expect((await minimap.boundingBox())!.width).toBeLessThanOrEqual(160);
  await page.getByRole("button", { name: "Hide minimap" }).click();
  await expect(minimap).toHaveCount(0);
  await page.getByRole("button", { name: "Show minimap" }).focus();
  await page.keyboard.press("Enter");
  await expect(minimap).toBeVisible();

  // Expanding from the keyboard brings the panels back.
  await page.getByRole("button", { name: "Expand inspector" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Collapse inspector" })).toBeVisible();
});

test("clicking add for six nodes in a row leaves no two nodes overlapping and all of them inside the canvas", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Layout add", chainGraph([{ id: "t1", name: "Tidy" }]));
  const page = await pageAs("designer");
  await open(page, id, { width: 1440, height: 900 });
  await expect(canvasNodes(page)).toHaveCount(3);

  const kinds = ["Transform", "Transform", "HTTP request", "Transform", "Condition", "Transform"];
  for (const [i, kind] of kinds.entries()) {
    await page.getByRole("button", { name: `Add ${kind}`, exact: true }).click();
    await expect(canvasNodes(page)).toHaveCount(4 + i);
  }

  const canvas = page.getByTestId("editor-canvas");
  await expect
    .poll(async () => {
      const box = (await canvas.boundingBox())!;
      const nodes = await rects(canvasNodes(page));
      const outside = nodes
        .filter((n) => n.x < box.x || n.y < box.y || n.x + n.width > box.x + box.width || n.y + n.height > box.y + box.height)
        .map((n) => `${n.name} outside`);
      return [...overlapping(nodes), ...outside];
    })
    .toEqual([]);
  await page.screenshot({ path: "test-results/editor-layout-added.png" });
});

test("at 768 px no toolbar control overlaps another and the canvas has the width: the inspector is not a side panel", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "A workflow with a rather long name for a narrow screen", chainGraph([{ id: "t1", name: "Tidy" }]));
  const page = await pageAs("designer");
  await open(page, id, { width: 768, height: 1024 });

  const toolbar = page.locator("header", { has: page.getByRole("link", { name: "Back to workflows" }) });
  const controls = toolbar.locator("a, button, h1, [data-slot='badge'], [role='status']");
  await expect(toolbar.getByRole("button", { name: "Publish" })).toBeVisible();
  const list = await rects(controls);
  expect(list.length).toBeGreaterThanOrEqual(8);
  expect(overlapping(list)).toEqual([]);
  for (const r of list) expect(r.x + r.width, `${r.name} off screen`).toBeLessThanOrEqual(768);
  // Only the palette's rail is beside the canvas: the inspector is a sheet over it.
  await expect(page.getByRole("button", { name: "Inspector", exact: true })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Inspector" })).toHaveCount(0);
  const palette = (await page.getByRole("complementary", { name: "Node palette" }).boundingBox())!;
  const canvas = (await page.getByTestId("editor-canvas").boundingBox())!;
  expect(canvas.x + canvas.width).toBeGreaterThanOrEqual(768 - 1);
  expect(canvas.width).toBeGreaterThanOrEqual(768 - palette.width - 1);
  await page.screenshot({ path: "test-results/editor-layout-768.png" });
});

/** Start, four transforms and End stacked top to bottom: the lower ones sit where a bottom sheet goes. */
function columnGraph() {
  const graph = chainGraph(Array.from({ length: 4 }, (_, i) => ({ id: `t${i}`, name: `Step ${i + 1}` })));
  graph.nodes.forEach((n, i) => (n.position = { x: 0, y: 170 * i }));
  return graph;
}

test("at 768 px selecting a node opens the inspector as a sheet over the full-width canvas, with the node in view above it; Escape closes it and focus returns to the node", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Tablet sheet", columnGraph());
  const page = await pageAs("designer");
  await open(page, id, { width: 768, height: 1024 });
  const canvas = page.getByTestId("editor-canvas");
  const before = (await canvas.boundingBox())!;

  // The lowest transform is in the lower half of the canvas, where the sheet goes.
  const node = canvasNode(page, "Step 4");
  expect((await node.boundingBox())!.y).toBeGreaterThan(before.y + before.height * 0.55);
  await node.click();
  const sheet = page.getByRole("dialog", { name: "Inspector" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByLabel("Name")).toHaveValue("Step 4");

  // Over the canvas, which keeps its width; the node is panned into the part the sheet leaves.
  expect((await canvas.boundingBox())!.width).toBe(before.width);
  const placement = (of: Locator) => async () => {
    const s = (await sheet.boundingBox())!;
    const n = (await of.boundingBox())!;
    const c = (await canvas.boundingBox())!;
    const inside = n.x >= c.x && n.y >= c.y && n.x + n.width <= c.x + c.width && n.y + n.height <= c.y + c.height;
    const sheetInCanvas = s.x >= c.x - 1 && s.x + s.width <= c.x + c.width + 1 && s.y + s.height <= c.y + c.height + 1;
    return { inside, covered: overlap(n, s), sheetInCanvas };
  };
  const inView = { inside: true, covered: false, sheetInCanvas: true };
  await expect.poll(placement(node)).toEqual(inView);
  // The minimap would cover much of what the sheet leaves: it steps aside while the sheet is open.
  await expect(page.getByRole("img", { name: "Minimap" })).toBeHidden();

  // Non-modal: the canvas stays usable. Its zoom controls are not under the sheet, and they work.
  expect(await covered(page.locator(".react-flow__controls button"))).toEqual([]);
  const viewport = page.locator(".react-flow__viewport");
  const zoomBefore = await viewport.getAttribute("style");
  await page.getByRole("button", { name: "Zoom out" }).click();
  await expect(viewport).not.toHaveAttribute("style", zoomBefore ?? "");
  await expect(sheet).toBeVisible();

  // Editing in the sheet edits the node.
  await sheet.getByLabel("Name").fill("Step four");
  const renamed = canvasNode(page, "Step four");
  await expect(renamed).toBeVisible();
  await expectSaved(page);
  // The Problems panel docks under the canvas, which gets shorter: the node is brought back into view.
  await page.getByRole("button", { name: /^Problems: / }).click();
  await expect(page.getByRole("region", { name: "Problems" })).toBeVisible();
  await expect.poll(placement(renamed)).toEqual(inView);
  await page.screenshot({ path: "test-results/editor-layout-768-sheet.png" });

  // Escape closes it and puts focus back on the node.
  await sheet.getByLabel("Name").focus();
  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);
  await expect(renamed).toBeFocused();
  await expect(page.getByRole("img", { name: "Minimap" })).toBeVisible();
  // Enter on the node opens it again with focus inside; its close button closes it the same way.
  await page.keyboard.press("Enter");
  await expect(sheet).toBeVisible();
  await expect.poll(() => sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await sheet.getByRole("button", { name: "Close inspector" }).click();
  await expect(sheet).toHaveCount(0);
  await expect(renamed).toBeFocused();

  // With nothing selected, the Inspector button opens the workflow's own settings.
  await page.getByRole("button", { name: "Fit view" }).click();
  await canvas.click({ position: { x: 8, y: before.height / 2 } });
  await page.getByRole("button", { name: "Inspector", exact: true }).click();
  await expect(sheet.getByLabel("Workflow name")).toHaveValue("Tablet sheet");
});

test("at 1000 × 700 (a tablet on its side) the sheet is on the right and the node is moved left of it", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const graph = chainGraph(Array.from({ length: 3 }, (_, i) => ({ id: `t${i}`, name: `Step ${i + 1}` })));
  const id = await createWorkflow(api, "Tablet landscape", graph);
  const page = await pageAs("designer");
  await open(page, id, { width: 1000, height: 700 });
  const canvas = page.getByTestId("editor-canvas");
  const before = (await canvas.boundingBox())!;

  // End is the rightmost node: where a right-hand sheet goes.
  const node = canvasNode(page, "End");
  await node.click();
  const sheet = page.getByRole("dialog", { name: "Inspector" });
  await expect(sheet).toBeVisible();
  expect((await canvas.boundingBox())!.width).toBe(before.width);
  await expect
    .poll(async () => {
      const s = (await sheet.boundingBox())!;
      const n = (await node.boundingBox())!;
      return { right: Math.round(s.x + s.width) === Math.round(before.x + before.width), covered: overlap(n, s), visible: n.x >= before.x };
    })
    .toEqual({ right: true, covered: false, visible: true });
  await page.screenshot({ path: "test-results/editor-layout-1000-sheet.png" });
});

test("at 1440 px selecting a node shows it in the side panel, not a sheet", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Desktop inspector", chainGraph([{ id: "t1", name: "Tidy" }]));
  const page = await pageAs("designer");
  await open(page, id, { width: 1440, height: 900 });
  await canvasNode(page, "Tidy").click();
  await expect(page.getByRole("complementary", { name: "Inspector" }).getByLabel("Name")).toHaveValue("Tidy");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("at 375 px (read only) the toolbar shows the name, no control overlaps another or leaves the screen, and the minimap starts hidden", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "A workflow with a rather long name for a phone", chainGraph([{ id: "t1", name: "Tidy" }]));
  const page = await pageAs("designer");
  await open(page, id, { width: 375, height: 812 });
  // Read only, and it says so and how to edit: no palette, no publishing, nodes that do not move.
  const notice = page.getByTestId("phone-read-only");
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("Read only on a phone.");
  await expect(notice).toContainText("Open this workflow on a wider screen (640 px or more) to edit it.");
  await expect(page.getByRole("complementary", { name: "Node palette" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  // A drag on a node may pan the view, but never moves the node away from its neighbour.
  const tidy = canvasNode(page, "Tidy");
  const offset = async () => {
    const [a, b] = [(await tidy.boundingBox())!, (await canvasNode(page, "Start").boundingBox())!];
    return { x: Math.round(a.x - b.x), y: Math.round(a.y - b.y) };
  };
  const apart = await offset();
  await tidy.dragTo(page.getByTestId("editor-canvas"), { targetPosition: { x: 60, y: 400 } });
  expect(await offset()).toEqual(apart);

  const toolbar = page.locator("header", { has: page.getByRole("link", { name: "Back to workflows" }) });
  // The version badge stepped aside for the name (it is in the versions sheet); "Read only" stays.
  await expect(toolbar.getByText("Read only", { exact: true })).toBeVisible();
  await expect(page.getByTestId("version-badge")).toBeHidden();
  const title = toolbar.getByRole("heading", { level: 1 });
  await expect.poll(async () => (await title.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(60);
  const list = await rects(toolbar.locator("a, button, h1, [data-slot='badge'], [role='status']"));
  expect(list.length).toBeGreaterThanOrEqual(5);
  expect(overlapping(list)).toEqual([]);
  for (const r of list) expect(r.x + r.width, `${r.name} off screen`).toBeLessThanOrEqual(375);

  // A 150 × 100 minimap would cover much of a phone's canvas: it starts hidden and can be shown.
  const minimap = page.getByRole("img", { name: "Minimap" });
  await expect(minimap).toHaveCount(0);
  await page.getByRole("button", { name: "Show minimap" }).click();
  await expect(minimap).toBeVisible();
  await page.screenshot({ path: "test-results/editor-layout-375.png" });
});

/**
 * Each control's centre is the control itself (or something inside it), not an element drawn over it.
 * Disabled buttons take no pointer events (the hit test goes through them), so only enabled ones count;
 * the bounding-box check covers all of them.
 */
async function covered(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((els) =>
    els
      .filter((e) => e.getBoundingClientRect().width > 0 && !(e as HTMLButtonElement).disabled)
      .flatMap((e) => {
        const r = e.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const name = e.getAttribute("aria-label") ?? e.getAttribute("title") ?? e.textContent?.trim() ?? e.tagName;
        return top && (e === top || e.contains(top))
          ? []
          : [`${name} covered by ${top?.closest("[aria-label]")?.getAttribute("aria-label") ?? top?.tagName}`];
      }),
  );
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 768, height: 1024 },
  { width: 375, height: 812 },
]) {
  test(`at ${size.width} px with the Problems panel open, no zoom or toolbar control overlaps another element`, async ({
    pageAs,
    apiAs,
  }) => {
    const api = await apiAs("designer");
    // Six transforms that do not parse: enough problems to give the panel its full height.
    const graph = chainGraph(Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, name: `Broken ${i}`, expression: "$.input +" })));
    const id = await createWorkflow(api, `Layout problems ${size.width}`, graph);
    const page = await pageAs("designer");
    await open(page, id, size);

    await page.getByRole("button", { name: /^Problems: / }).click();
    const panel = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => panel.getByRole("listitem").count()).toBeGreaterThanOrEqual(6);

    const zoom = page.locator(".react-flow__controls button");
    await expect(zoom.first()).toBeVisible();
    const toolbar = page.locator("header", { has: page.getByRole("link", { name: "Back to workflows" }) });
    const minimap = page.getByRole("img", { name: "Minimap" });
    const list = [
      ...(await rects(panel)),
      ...(await rects(zoom)),
      ...(await rects(minimap)),
      ...(await rects(toolbar.locator("a, button, h1, [data-slot='badge'], [role='status']"))),
      ...(await rects(page.getByTestId("phone-read-only"))),
    ];
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(overlapping(list)).toEqual([]);
    expect(await covered(zoom)).toEqual([]);
    expect(await covered(toolbar.locator("a, button"))).toEqual([]);
    for (const r of list) expect(r.x + r.width, `${r.name} off screen`).toBeLessThanOrEqual(size.width);
    for (const r of list) expect(r.y + r.height, `${r.name} below the screen`).toBeLessThanOrEqual(size.height);

    // The zoom controls still work with the panel open.
    const before = await page.locator(".react-flow__viewport").getAttribute("style");
    await page.getByRole("button", { name: "Zoom in" }).click();
    await expect(page.locator(".react-flow__viewport")).not.toHaveAttribute("style", before ?? "");
    await page.screenshot({ path: `test-results/editor-layout-problems-${size.width}.png` });
  });
}
