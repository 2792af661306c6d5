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

test("at 768 px no toolbar control overlaps another, and a node can be edited in the inspector", async ({ pageAs, apiAs }) => {
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
  // The canvas keeps most of the width: the panels start collapsed on a narrow screen.
  expect((await page.getByTestId("editor-canvas").boundingBox())!.width).toBeGreaterThanOrEqual(0.7 * 768);
  await page.screenshot({ path: "test-results/editor-layout-768.png" });

  // Usable, not only visible: open the inspector, pick a node on the canvas and edit it; the canvas
  // keeps half the width and the inspector covers none of it.
  await page.getByRole("button", { name: "Expand inspector" }).click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await canvasNode(page, "Tidy").click();
  await expect(inspector.getByLabel("Name")).toHaveValue("Tidy");
  await inspector.getByLabel("Name").fill("Tidy up");
  await expect(canvasNode(page, "Tidy up")).toBeVisible();
  await expectSaved(page);
  const canvasBox = (await page.getByTestId("editor-canvas").boundingBox())!;
  expect(canvasBox.width).toBeGreaterThanOrEqual(0.5 * 768);
  expect(overlapping([{ ...canvasBox, name: "canvas" }, ...(await rects(inspector))])).toEqual([]);
  await page.screenshot({ path: "test-results/editor-layout-768-inspector.png" });
});

test("at 375 px (read only) the toolbar shows the name, no control overlaps another or leaves the screen, and the minimap starts hidden", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "A workflow with a rather long name for a phone", chainGraph([{ id: "t1", name: "Tidy" }]));
  const page = await pageAs("designer");
  await open(page, id, { width: 375, height: 812 });
  await expect(page.getByTestId("phone-read-only")).toBeVisible();

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
