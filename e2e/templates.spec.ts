// The template gallery: ten templates, each with a thumbnail drawn from its graph and what it needs;
// a radio group the keyboard moves through; measured accessibility; usable on a 375 px phone; and a
// workflow created from a template opens in the editor with the template's graph and no problems.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { canvasNode, canvasNodes } from "./support/builder-helpers";

const shots = process.env.E2E_SCREENSHOTS_DIR;

async function openGallery(page: Page) {
  await page.goto("/workflows");
  // The header's button; an empty list shows a second one in its empty state (same dialog).
  await page.getByRole("button", { name: "Templates" }).first().click();
  const gallery = page.getByRole("dialog", { name: "Start from a template" });
  await expect(gallery.getByRole("radio")).toHaveCount(10);
  return gallery;
}

test("the gallery shows ten templates with thumbnails and needs; the keyboard picks one and it becomes a valid workflow", async ({
  pageAs,
}) => {
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 900 });
  const gallery = await openGallery(page);
  // a thumbnail per card, drawn from the template's graph
  await expect(gallery.locator('svg[role="img"][aria-label$=" nodes"]')).toHaveCount(10);
  await expect(gallery.getByRole("radio", { name: "Order fulfilment saga" }).locator("svg rect")).toHaveCount(8);

  const first = gallery.getByRole("radio", { name: "Loan origination" });
  await expect(first).toBeChecked();
  await expect(first).toBeFocused();
  // Arrow keys move the choice (and the name, which was not edited); End jumps to the last one.
  await page.keyboard.press("ArrowRight");
  await expect(gallery.getByRole("radio", { name: "Appointment scheduling with escalation" })).toBeChecked();
  await expect(gallery.getByRole("radio", { name: "Appointment scheduling with escalation" })).toBeFocused();
  await expect(gallery.getByLabel("Name")).toHaveValue("Appointment scheduling with escalation");
  await page.keyboard.press("End");
  await expect(gallery.getByRole("radio", { name: "Employee onboarding" })).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(first).toBeChecked();

  const saga = gallery.getByRole("radio", { name: "Order fulfilment saga" });
  await saga.click();
  await expect(saga).toHaveAccessibleDescription(/refunded and the stock released/);
  const needs = gallery.getByRole("region", { name: "Order fulfilment saga: what it needs" });
  await expect(needs).toContainText("Credential: Payment provider API key (Charge payment, Refund payment).");
  await expect(needs).toContainText("inventory.example.com, payments.example.com, shipping.example.com");
  await gallery.getByRole("radio", { name: "Support triage (webhook)" }).click();
  await expect(gallery.getByRole("region", { name: "Support triage (webhook): what it needs" })).toContainText(
    "A model provider in Settings for its 1 agent",
  );
  await expect(gallery.getByRole("radio", { name: "Support triage (webhook)" }).getByText("Webhook trigger")).toBeVisible();

  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  if (shots) await page.screenshot({ path: `${shots}/template-gallery-1440.png` });

  await gallery.getByRole("radio", { name: "Document review (edit and approve)" }).click();
  await expect(gallery.getByLabel("Name")).toHaveValue("Document review (edit and approve)");
  const name = `Travel policy review ${Date.now()}`;
  await gallery.getByLabel("Name").fill(name);
  await gallery.getByRole("button", { name: "Create from template" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(canvasNodes(page)).toHaveCount(8);
  for (const node of ["Load document", "Draft revision", "Edit and approve", "Publish document"]) {
    await expect(canvasNode(page, node)).toBeAttached();
  }
  // no errors (warnings depend on the workspace: no model provider is set up here)
  await expect(page.getByRole("button", { name: /^Problems: (No problems|\d+ warnings?)$/ })).toBeVisible();
});

test("the gallery works on a 375 px phone: one column, every card reachable, no sideways scrolling", async ({ pageAs }) => {
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 375, height: 740 });
  const gallery = await openGallery(page);
  const width = await gallery.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.client);
  const box = await gallery.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  const consensus = gallery.getByRole("radio", { name: "Insurance claim by consensus" });
  await consensus.scrollIntoViewIfNeeded();
  await consensus.click();
  await expect(consensus).toBeChecked();
  const cards = await gallery.getByRole("radio").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
  expect(new Set(cards.map(Math.round)).size).toBe(1); // one column
  if (shots) await page.screenshot({ path: `${shots}/template-gallery-375.png` });
  await expect(gallery.getByRole("region", { name: "Insurance claim by consensus: what it needs" })).toContainText("for its 3 agents");
  const create = gallery.getByRole("button", { name: "Create from template" });
  await create.scrollIntoViewIfNeeded();
  await expect(create).toBeInViewport();
  if (shots) await page.screenshot({ path: `${shots}/template-gallery-375-bottom.png` });
});
