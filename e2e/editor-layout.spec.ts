// The editor gives the canvas the screen: collapsible palette and inspector (remembered), a small
// minimap that can be hidden, click-to-add that never drops a node on another one or off the
// canvas, and a toolbar whose controls do not overlap at 768 px.
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { canvasNodes, chainGraph, createWorkflow } from "./support/builder-helpers";

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

test("at 768 px no toolbar control overlaps another", async ({ pageAs, apiAs }) => {
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
