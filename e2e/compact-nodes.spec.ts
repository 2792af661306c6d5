// Node text stays readable: at the zoom "Fit view" chooses for a 30-node workflow, every piece of
// node text that is shown renders at 11 px or more (computed font size × the zoom and any scale on
// the way), because the cards switch to their compact rendering below zoom 1; back at zoom 1 the
// full cards return. On a phone the editor opens read-only: the canvas and a notice, no editing.
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { canvasNodes, createWorkflow, type Graph, type GraphNode } from "./support/builder-helpers";

/** Start, 28 steps of several kinds, End: six columns by five rows, as a real workflow would lie. */
function thirtyNodes(): Graph {
  const kinds: [string, Record<string, unknown>][] = [
    ["transform", { expression: "$.input" }],
    ["condition", { branches: [{ id: "big", label: "Big", expression: "$.input.amount > 10" }] }],
    ["delay", { durationMs: 1000 }],
    ["approval", { assignees: { users: [], roles: ["reviewer"] }, instructions: "Check", payload: "$.input" }],
  ];
  const nodes: GraphNode[] = [];
  for (let i = 0; i < 30; i++) {
    const position = { x: (i % 6) * 320, y: Math.floor(i / 6) * 200 };
    if (i === 0)
      nodes.push({ id: "n0", kind: "start", name: "Start", position, config: { inputSchema: { type: "object", properties: {} } } });
    else if (i === 29) nodes.push({ id: "n29", kind: "end", name: "End", position, config: {} });
    else {
      const [kind, config] = kinds[i % kinds.length];
      nodes.push({ id: `n${i}`, kind, name: `Step ${i} ${kind}`, position, config });
    }
  }
  const edges = nodes.slice(1).map((n, i) => ({
    id: `e${i}`,
    source: nodes[i].id,
    sourceHandle: nodes[i].kind === "condition" ? "else" : nodes[i].kind === "approval" ? "approved" : "out",
    target: n.id,
    targetHandle: "in",
  }));
  return { schemaVersion: 1, nodes, edges };
}

interface TextReport {
  zoom: number;
  compact: string | null;
  shown: number;
  smallest: { px: number; text: string } | null;
}

/** Every node text element that is shown, with its rendered size: font size × (screen height / layout height). */
async function nodeText(page: Page): Promise<TextReport> {
  return page.evaluate(() => {
    const viewport = document.querySelector(".react-flow__viewport")!;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    let smallest: { px: number; text: string } | null = null;
    let shown = 0;
    for (const el of document.querySelectorAll<HTMLElement>(".react-flow__node *")) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
      if (!ownText || !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || el.offsetHeight === 0) continue;
      shown++;
      const px = parseFloat(getComputedStyle(el).fontSize) * (rect.height / el.offsetHeight);
      if (!smallest || px < smallest.px) smallest = { px, text: el.textContent!.trim().slice(0, 40) };
    }
    return { zoom, compact: document.querySelector(".react-flow")!.getAttribute("data-compact"), shown, smallest };
  });
}

/** Compact names whose box meets their card's output rows (the rows are drawn above the compact layer). */
async function namesOverOutputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-slot="base-node"]')].flatMap((card) => {
      const name = card.querySelector('[data-slot="base-node-compact-name"]');
      const outputs = card.querySelector(':scope > [data-slot="base-node-outputs"]');
      if (!name || !outputs) return [];
      return name.getBoundingClientRect().bottom > outputs.getBoundingClientRect().top ? [name.textContent ?? ""] : [];
    }),
  );
}

const zoomOf = (page: Page) =>
  page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector(".react-flow__viewport")!).transform).a);

test("a 30-node workflow fitted to view renders node text at 11 px or more, compact below zoom 1", async ({ apiAs, pageAs }, testInfo) => {
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Thirty ${Date.now().toString(36)}`, thirtyNodes());
  const page = await pageAs("designer");
  for (const [width, height] of [
    [1440, 900],
    [768, 900],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(`/workflows/${id}`);
    await expect(canvasNodes(page)).toHaveCount(30);
    // Opened fitted to view: the zoom settles below 1, where the compact rendering is on.
    await expect.poll(() => zoomOf(page)).toBeLessThan(1);
    await expect(page.locator(".react-flow")).toHaveAttribute("data-compact", /^(name|small|icon)$/);
    const report = await nodeText(page);
    testInfo.annotations.push({ type: `fit ${width}px`, description: JSON.stringify(report) });
    expect(report.shown, "some node text is shown").toBeGreaterThan(0);
    expect(report.smallest!.px, `smallest node text at zoom ${report.zoom}: ${JSON.stringify(report.smallest)}`).toBeGreaterThanOrEqual(11);
    if (report.compact !== "icon")
      await expect(page.locator('[data-slot="base-node-compact-name"]', { hasText: /^Step 5 condition$/ })).toBeVisible();
    if (report.compact === "name" || report.compact === "small")
      expect(await namesOverOutputs(page), `compact names drawn behind output rows (${report.compact})`).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`thirty-nodes-fit-${width}.png`) });
  }

  // Zoomed in to 1 the full cards return, their 11 px text at 11 px.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/workflows/${id}`);
  await expect(canvasNodes(page)).toHaveCount(30);
  await expect.poll(() => zoomOf(page)).toBeLessThan(1);
  const zoomIn = page.getByRole("button", { name: "Zoom In" });
  await expect
    .poll(async () => {
      if ((await zoomOf(page)) < 1) await zoomIn.click();
      return zoomOf(page);
    })
    .toBeGreaterThanOrEqual(1);
  await expect(page.locator(".react-flow")).not.toHaveAttribute("data-compact", /.*/);
  const full = await nodeText(page);
  expect(full.smallest!.px).toBeGreaterThanOrEqual(11);
  await page.screenshot({ path: testInfo.outputPath("thirty-nodes-zoom-1.png") });
});

test("on a phone the editor opens read-only: the canvas and a notice, no editing controls", async ({ apiAs, pageAs }, testInfo) => {
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Phone ${Date.now().toString(36)}`, thirtyNodes());
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/workflows/${id}`);
  await expect(canvasNodes(page)).toHaveCount(30);
  await expect(page.getByTestId("phone-read-only")).toContainText("Read only on a phone");
  await expect(page.getByRole("complementary", { name: "Node palette" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  await expect(page.locator(".react-flow__node.draggable")).toHaveCount(0);
  await expect(page.locator(".react-flow__handle.connectable")).toHaveCount(0);
  // The canvas keeps the screen and no page-wide sideways scroll appears.
  const canvas = await page.getByTestId("editor-canvas").boundingBox();
  expect(canvas!.width).toBeGreaterThan(250);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const report = await nodeText(page);
  // (at the phone's fitted zoom the cards may show icons only: then no text is shown at all)
  expect(report.smallest?.px ?? 11).toBeGreaterThanOrEqual(11);
  await page.screenshot({ path: testInfo.outputPath("phone-read-only-375.png") });

  // A wider screen edits again.
  await page.setViewportSize({ width: 768, height: 900 });
  await expect(page.getByTestId("phone-read-only")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeVisible();
  await expect(page.locator(".react-flow__node.draggable").first()).toBeVisible();
});
