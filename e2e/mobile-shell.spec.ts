// The app on a phone (375 px) and on a wide screen: the shell's menu below 1024 px, the skip link,
// the sidebar and header that stay in place, the inbox in one column with its decisions on screen,
// the editor's icon rail, and no page that scrolls sideways.
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { chainGraph, createWorkflow } from "./support/builder-helpers";
import { approvalWorkflow, longInput, runStatus, startRun, taskOf } from "./support/approval-flow";

const phone = { width: 375, height: 667 };

/** The page's horizontal overflow, with the widest offenders named for the failure message. */
async function sideways(page: Page): Promise<{ scrollWidth: number; innerWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const offenders = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 6)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${String(e.getAttribute("class") ?? "").slice(0, 80)}`);
    return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, offenders };
  });
}

async function expectNoSidewaysScroll(page: Page, what: string, soft = false): Promise<void> {
  const o = await sideways(page);
  (soft ? expect.soft : expect)(
    o.scrollWidth,
    `${what} scrolls sideways at ${o.innerWidth} px: ${o.offenders.join(" | ")}`,
  ).toBeLessThanOrEqual(o.innerWidth);
}

test("the inbox at 375 px: one column, touch-sized decisions on screen without scrolling past the proposal, and a way back", async ({
  pageAs,
  apiAs,
}) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, "Phone refund");
  const runId = await startRun(designer, workflowId, longInput("ACME GmbH"));
  await taskOf(designer, runId);

  const page = await pageAs("reviewer");
  await page.setViewportSize(phone);
  await page.goto("/inbox");
  const listPane = page.getByTestId("inbox-list-pane");
  const taskPane = page.getByTestId("inbox-task-pane");
  const row = page.getByTestId("task-row").filter({ hasText: title });
  await expect(row).toBeVisible();
  // one column: the list first, the task not beside it
  await expect(taskPane).toBeHidden();
  await expectNoSidewaysScroll(page, "the inbox list");

  await row.click();
  await expect(listPane).toBeHidden();
  const panel = page.getByTestId("task-panel");
  await expect(panel.getByRole("heading", { name: title })).toBeVisible();
  await expect(panel.getByTestId("payload-fields")).toContainText("ORD-1024");
  const approve = page.getByRole("toolbar", { name: "Decide" }).getByRole("button", { name: "Approve" });
  const reject = page.getByRole("toolbar", { name: "Decide" }).getByRole("button", { name: "Reject" });
  // on screen at once, without scrolling
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(approve).toBeInViewport();
  await expect(reject).toBeInViewport();
  for (const b of [approve, reject, page.getByRole("button", { name: "Back to tasks" })]) {
    expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  await expectNoSidewaysScroll(page, "the task view");
  // still there after reading to the end of the proposal
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  await expect(panel.getByRole("heading", { name: "Decisions and comments" })).toBeInViewport();
  await expect(approve).toBeInViewport();
  await expect(reject).toBeInViewport();
  await expect(page.getByTestId("app-header")).toBeInViewport();

  await approve.click();
  const dialog = page.getByRole("dialog", { name: `Approve “${title}”` });
  await expect(dialog).toBeInViewport();
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(dialog).toBeHidden();
  // (the panel then moves on to the next open task, if another spec left one)
  await expect.poll(() => runStatus(designer, runId)).toBe("succeeded");

  await page.getByRole("button", { name: "Back to tasks" }).click();
  await expect(listPane).toBeVisible();
  await expect(taskPane).toBeHidden();
});

test("below 1024 px the menu is a labelled dialog: opened, walked and closed from the keyboard, it navigates", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.setViewportSize(phone);
  await page.goto("/workflows");
  await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
  await expect(page.getByTestId("app-sidebar")).toBeHidden();

  // The first Tab reaches the skip link, which moves the focus to the content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main-content")).toBeFocused();

  const button = page.getByRole("button", { name: "Open menu" });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("dialog", { name: "Switchyard menu" });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("link", { name: "Workflows" })).toBeFocused();
  await expect(menu.getByRole("link", { name: "Workflows" })).toHaveAttribute("aria-current", "page");
  // focus stays inside while the menu is open: eight links and the close button, then round again
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(menu.getByRole("link", { name: "Workflows" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(menu.getByRole("link", { name: "Runs" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  await expect(menu).toBeHidden();
  for (const name of [/^Open menu$/, /^Notifications/, /^Account menu/]) {
    const box = (await page.getByTestId("app-header").getByRole("button", { name }).boundingBox())!;
    expect(box.height, String(name)).toBeGreaterThanOrEqual(44);
  }
});

test("on a wide screen the sidebar and header stay in place on a long page; in the editor the sidebar is an icon rail", async ({
  pageAs,
  apiAs,
}) => {
  const page = await pageAs("admin");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const sidebar = page.getByTestId("app-sidebar");
  await expect(sidebar).toBeVisible();
  await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
  const scrollable = await page.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight);
  expect(scrollable).toBeGreaterThan(500);
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  expect((await sidebar.boundingBox())!.y).toBe(0);
  expect((await page.getByTestId("app-header").boundingBox())!.y).toBe(0);
  await expect(sidebar.getByRole("link", { name: "Settings" })).toBeInViewport();

  const id = await createWorkflow(await apiAs("designer"), "Rail", chainGraph([{ id: "t", name: "Shape" }]));
  await page.goto(`/workflows/${id}`);
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  await expect(sidebar).toHaveAttribute("data-collapsed", "true");
  expect((await sidebar.boundingBox())!.width).toBeLessThanOrEqual(64);
  // icons only, each still named
  const runs = sidebar.getByRole("link", { name: "Runs" });
  await expect(runs).toBeVisible();
  await expect(runs).toHaveAttribute("title", "Runs");
  await runs.click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(sidebar).not.toHaveAttribute("data-collapsed", "true");
});

test("no page scrolls sideways at 375 px (admin)", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, "Narrow page");
  const runId = await startRun(designer, workflowId, longInput("Initech"));
  const taskId = await taskOf(designer, runId);

  const page = await pageAs("admin");
  await page.setViewportSize(phone);
  const pages: { path: string; ready: (p: Page) => ReturnType<Page["getByText"]> }[] = [
    { path: "/workflows", ready: (p) => p.getByRole("link", { name: `Refunds ${title}` }) },
    { path: "/dashboard", ready: (p) => p.getByRole("heading", { name: "Dashboard", level: 1 }) },
    { path: "/runs", ready: (p) => p.getByText(`Refunds ${title}`).first() },
    { path: `/runs/${runId}`, ready: (p) => p.getByText(title).first() },
    { path: "/inbox", ready: (p) => p.getByTestId("task-row").filter({ hasText: title }) },
    { path: `/inbox/${taskId}`, ready: (p) => p.getByTestId("task-panel").getByRole("heading", { name: title }) },
    { path: "/memory", ready: (p) => p.getByRole("heading", { name: "Memory", level: 1 }) },
    { path: "/audit", ready: (p) => p.getByRole("heading", { name: "Audit trail", level: 1 }) },
    { path: "/settings", ready: (p) => p.getByRole("heading", { name: "Users and roles" }) },
    { path: "/settings/api-keys", ready: (p) => p.getByRole("heading", { name: "API keys", level: 1 }) },
    { path: "/settings/account", ready: (p) => p.getByRole("heading", { level: 1 }) },
    { path: "/api-docs", ready: (p) => p.getByRole("heading", { level: 1 }) },
  ];
  for (const { path, ready } of pages) {
    await page.goto(path);
    await expect(ready(page), path).toBeVisible();
    await expect(page.getByRole("button", { name: "Open menu" })).toBeVisible();
    // soft: one run names every page that scrolls sideways
    await expectNoSidewaysScroll(page, path, true);
  }
  // the runs filters sit two to a row on a phone (one per row, they filled the whole first screen)
  await page.goto("/runs");
  const status = (await page.getByLabel("Status", { exact: true }).boundingBox())!;
  const outcome = (await page.getByLabel("Outcome", { exact: true }).boundingBox())!;
  expect(Math.abs(status.y - outcome.y), "Status and Outcome on one row").toBeLessThan(2);
  expect(outcome.x + outcome.width).toBeLessThanOrEqual(phone.width);
  // the notifications popover fits the phone's width too (it was 384 px wide)
  await page
    .getByTestId("app-header")
    .getByRole("button", { name: /^Notifications/ })
    .click();
  const popover = page.getByRole("dialog").filter({ has: page.getByRole("heading", { name: "Notifications" }) });
  await expect(popover).toBeVisible();
  const box = (await popover.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
});

test("screenshots of the shell, the inbox and a task at 375 and 1440 px (to look at)", async ({ pageAs, apiAs }, testInfo) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, "Screenshot refund");
  const taskId = await taskOf(designer, await startRun(designer, workflowId, longInput("Umbrella Corp")));
  const page = await pageAs("reviewer");
  for (const width of [375, 1440]) {
    await page.setViewportSize({ width, height: width === 375 ? 667 : 900 });
    await page.goto("/inbox");
    await expect(page.getByTestId("task-row").filter({ hasText: title })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`inbox-${width}.png`) });
    await page.goto(`/inbox/${taskId}`);
    await expect(page.getByTestId("task-panel").getByRole("heading", { name: title })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`task-${width}.png`) });
    if (width === 375) {
      await page.getByRole("button", { name: "Open menu" }).click();
      await expect(page.getByRole("dialog", { name: "Switchyard menu" })).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`menu-${width}.png`) });
    }
  }
});
