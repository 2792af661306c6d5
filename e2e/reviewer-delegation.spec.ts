// Reviewers away and reviewers with a queue: out of office (a reviewer hands their named tasks to a
// colleague on the Account page; the colleague sees them as "Delegated from …" and decides them; the
// delegation is cancelled), and the 44 px touch targets of the inbox and task view on a phone.
import { request as pwRequest, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";
import { runStatus, startRun, taskOf } from "./support/approval-flow";
import { password } from "./support/users";

function approvalGraph(title: string, assignees: { users: string[]; roles: string[] }, allowBulk: boolean): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "review",
        kind: "approval",
        name: title,
        position: { x: 320, y: 0 },
        config: {
          assignees,
          instructions: "Check the expense for {{ $.input.who }}.",
          payload: "$.input",
          quorum: 1,
          rejectionPolicy: "any_rejects",
          separationOfDuties: false,
          escalation: [],
          allowBulk,
        },
      },
      { id: "end", kind: "end", name: "End", position: { x: 640, y: 0 }, config: { output: "$.input" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "review", targetHandle: "in" },
      { id: "e2", source: "review", sourceHandle: "approved", target: "end", targetHandle: "in" },
      { id: "e3", source: "review", sourceHandle: "rejected", target: "end", targetHandle: "in" },
    ],
  };
}

async function workflowWith(api: APIRequestContext, title: string, assignees: { users: string[]; roles: string[] }, allowBulk: boolean) {
  const id = await createWorkflow(api, `Expenses ${title}`, approvalGraph(title, assignees, allowBulk));
  await publish(api, id, "e2e");
  return id;
}

/** A new reviewer, signed in in a browser context of its own. */
async function newReviewer(admin: APIRequestContext, browser: Browser, baseURL: string, name: string): Promise<{ id: string; page: Page }> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${Date.now().toString(36)}@example.com`;
  const res = await admin.post("/api/v1/users", { data: { name, email, password, role: "reviewer" } });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { user: { id: string } }).user.id;
  const api = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await api.post("/api/auth/sign-in/email", { data: { email, password } })).status()).toBe(200);
  const ctx = await browser.newContext({ storageState: await api.storageState() });
  await api.dispose();
  return { id, page: await ctx.newPage() };
}

test("out of office: a reviewer delegates to a colleague, who sees the task as delegated and approves it; then the delegation is cancelled", async ({
  apiAs,
  browser,
  baseURL,
}) => {
  const admin = await apiAs("admin");
  const suffix = Date.now().toString(36);
  const away = await newReviewer(admin, browser, baseURL!, `Olga Away ${suffix}`);
  const colleague = await newReviewer(admin, browser, baseURL!, `Cory Colleague ${suffix}`);
  try {
    // Olga sets up her out of office on the Account page: Cory, from today to the day after tomorrow.
    const page = away.page;
    await page.goto("/settings/account");
    const form = page.getByRole("form", { name: "Delegate my tasks" });
    await expect(page.getByText("No delegations: your tasks stay with you.")).toBeVisible();
    await form.getByRole("button", { name: "Delegate my tasks" }).click();
    await expect(form.getByRole("alert")).toHaveText("Choose who takes your tasks.");
    const option = form.getByLabel("Delegate to").locator("option", { hasText: `Cory Colleague ${suffix}` });
    await form.getByLabel("Delegate to").selectOption((await option.getAttribute("value"))!);
    const last = await page.evaluate(() => {
      const d = new Date(Date.now() + 2 * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    });
    await form.getByLabel("Last day away").fill(last);
    await form.getByLabel("Note (optional)").fill("Conference");
    await form.getByRole("button", { name: "Delegate my tasks" }).click();
    const list = page.getByTestId("delegation-list");
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list).toContainText(`Your tasks go to Cory Colleague ${suffix}`);
    await expect(list).toContainText("active now · Conference");

    // A task assigned to Olga by name reaches Cory, marked as delegated from her.
    const designer = await apiAs("designer");
    const title = `Away expense ${suffix}`;
    const workflowId = await workflowWith(designer, title, { users: [away.id], roles: [] }, false);
    const runId = await startRun(designer, workflowId, { who: "Olga" });
    const taskId = await taskOf(designer, runId);
    const cory = colleague.page;
    await cory.goto("/inbox");
    const row = cory.getByTestId("task-row").filter({ hasText: title });
    await expect(row.getByTestId("task-row-delegated")).toHaveText(`Delegated from Olga Away ${suffix}`);
    // Cory's own account shows what he received
    await cory.goto("/settings/account");
    await expect(cory.getByTestId("delegation-list")).toContainText(`Olga Away ${suffix}'s tasks come to you`);
    await expect(cory.getByTestId("delegation-list").getByRole("button", { name: /Cancel/ })).toHaveCount(0);

    await cory.goto(`/inbox/${taskId}`);
    const panel = cory.getByTestId("task-panel");
    await expect(panel.getByRole("heading", { name: title })).toBeVisible();
    await cory.getByRole("toolbar", { name: "Decide" }).getByRole("button", { name: "Approve", exact: true }).click();
    await cory
      .getByRole("dialog", { name: `Approve “${title}”?` })
      .getByRole("button", { name: "Approve" })
      .click();
    await expect.poll(() => runStatus(designer, runId)).toBe("succeeded");

    // Olga is back early: she cancels, and her next task stays hers alone.
    await page.reload();
    await list.getByRole("button", { name: `Cancel the delegation to Cory Colleague ${suffix}`, exact: false }).click();
    await expect(page.getByText("No delegations: your tasks stay with you.")).toBeVisible();
    const second = await startRun(designer, workflowId, { who: "Olga again" });
    await taskOf(designer, second);
    await cory.goto("/inbox");
    await expect(cory.getByTestId("task-total")).toHaveText(/open task/);
    await expect(cory.getByTestId("task-row").filter({ hasText: title })).toHaveCount(0);
  } finally {
    await away.page.context().close();
    await colleague.page.context().close();
  }
});

/** Visible controls inside `scope` smaller than 44 × 44 px, named for the failure message. */
async function smallTargets(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const controls = [...document.querySelectorAll(sel)].flatMap((root) => [
      ...root.querySelectorAll(
        "[data-slot=button], [data-slot=select-trigger], summary, a[href], select, input, textarea, label:has([role=checkbox])",
      ),
    ]);
    return (
      controls
        // Radix's hidden native checkbox mirrors the visible one for forms; it is not a target
        .filter((e) => e.getClientRects().length > 0 && e.getAttribute("aria-hidden") !== "true")
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 43.5 || r.width < 43.5))
        .map(
          ({ e, r }) =>
            `${e.tagName.toLowerCase()} "${(e.textContent ?? "").trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        )
    );
  }, scope);
}

test("at 375 px every control of the inbox, the task view and its dialogs is a 44 px touch target, Take over included", async ({
  apiAs,
  pageAs,
}) => {
  const designer = await apiAs("designer");
  const suffix = Date.now().toString(36);
  const title = `Phone expense ${suffix}`;
  const flow = await workflowWith(designer, title, { users: [], roles: ["reviewer"] }, true);
  const runId = await startRun(designer, flow, { who: "E" });
  const taskId = await taskOf(designer, runId);
  await startRun(designer, flow, { who: "F" });
  const reviewer = await apiAs("reviewer");
  const t = (await (await reviewer.get(`/api/v1/tasks/${taskId}`)).json()) as { task: { version: number } };
  expect((await reviewer.post(`/api/v1/tasks/${taskId}/claim`, { data: { expectedVersion: t.task.version } })).status()).toBe(200);

  const page = await pageAs("admin");
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto("/inbox");
  await expect(page.getByRole("checkbox", { name: `Select “${title}” for bulk approval` }).first()).toBeVisible();
  expect(await smallTargets(page, "[data-testid=inbox-list-pane]")).toEqual([]);

  await page.goto(`/inbox/${taskId}`);
  const panel = page.getByTestId("task-panel");
  await expect(panel.getByRole("heading", { name: title })).toBeVisible();
  const takeOver = panel.getByRole("button", { name: "Take over" });
  await expect(takeOver).toBeVisible();
  expect(await smallTargets(page, "[data-testid=inbox-task-pane]")).toEqual([]);
  await takeOver.click();
  const dialog = page.getByRole("alertdialog", { name: "Take over this task?" });
  await expect(dialog).toBeVisible();
  expect(await smallTargets(page, "[role=alertdialog]")).toEqual([]);
  await dialog.getByRole("button", { name: "Cancel" }).click();
});
