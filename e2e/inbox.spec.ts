// The reviewers' inbox end to end: runs reach approvals (set up through the API), reviewers work
// them in the browser — live arrival, edit with a diff, reject with a reason, quorum of two,
// separation of duties, read-only viewers, and a decision in another tab.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { request as pwRequest, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";
import { password, users } from "./support/users";

const editable = { type: "object", properties: { amount: { type: "integer", minimum: 0, maximum: 1000, description: "Refund in EUR" } } };

function approvalGraph(title: string, approval: Record<string, unknown> = {}): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      {
        id: "start",
        kind: "start",
        name: "Start",
        position: { x: 0, y: 0 },
        config: { inputSchema: { type: "object", properties: { customer: { type: "string" }, amount: { type: "integer" } } } },
      },
      {
        id: "review",
        kind: "approval",
        name: title,
        position: { x: 320, y: 0 },
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions:
            "Check the **refund** for {{ $.input.customer }}.\n\n<script>window.pwned = true</script>\n\n- compare with the invoice\n- at most 1000 EUR",
          payload: "$.input",
          editableSchema: editable,
          quorum: 1,
          rejectionPolicy: "any_rejects",
          separationOfDuties: true,
          escalation: [],
          ...approval,
        },
      },
      { id: "end", kind: "end", name: "End", position: { x: 640, y: 0 }, config: { output: `$.steps.\`${title}\`.output` } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "review", targetHandle: "in" },
      { id: "e2", source: "review", sourceHandle: "approved", target: "end", targetHandle: "in" },
      { id: "e3", source: "review", sourceHandle: "rejected", target: "end", targetHandle: "in" },
    ],
  };
}

let seq = 0;
/** A published one-approval workflow; the title is unique so each test finds its own task. */
async function approvalWorkflow(
  api: APIRequestContext,
  approval: Record<string, unknown> = {},
): Promise<{ workflowId: string; title: string }> {
  const title = `Refund check ${Date.now().toString(36)}${++seq}`;
  const workflowId = await createWorkflow(api, `Refunds ${title}`, approvalGraph(title, approval));
  await publish(api, workflowId, "inbox e2e");
  return { workflowId, title };
}

async function startRun(api: APIRequestContext, workflowId: string, input: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

interface RunView {
  run: { status: string; output: { decision: string; payload: { amount: number }; comment: string; decidedBy: string[] } | null };
  tasks: { id: string; status: string }[];
}

async function getRun(api: APIRequestContext, runId: string): Promise<RunView> {
  // no keep-alive: this context is often idle for longer than the server's keep-alive timeout while
  // the browser works, and reusing a socket the server is closing fails with ECONNRESET
  const res = await api.get(`/api/v1/runs/${runId}`, { headers: { connection: "close" } });
  expect(res.status()).toBe(200);
  return (await res.json()) as RunView;
}

async function taskOf(api: APIRequestContext, runId: string): Promise<string> {
  await expect.poll(async () => (await getRun(api, runId)).tasks.length).toBe(1);
  return (await getRun(api, runId)).tasks[0].id;
}

const row = (page: Page, title: string) => page.getByTestId("task-row").filter({ hasText: title });
const panel = (page: Page) => page.getByTestId("task-panel");

async function signedInPage(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const api = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await api.post("/api/auth/sign-in/email", { data: { email, password } });
  expect(res.status()).toBe(200);
  const state = await api.storageState();
  await api.dispose();
  const ctx = await browser.newContext({ storageState: state });
  return ctx.newPage();
}

test("a reviewer sees a new task arrive live, edits the amount, checks the diff and approves; the run ends with the edited value", async ({
  pageAs,
  apiAs,
}) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const page = await pageAs("reviewer");
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  const runId = await startRun(designer, workflowId, { customer: "ACME GmbH", amount: 120 });
  await expect(row(page, title)).toBeVisible(); // no reload: pushed over SSE
  await row(page, title).click();
  const p = panel(page);
  await expect(p.getByRole("heading", { name: title })).toBeVisible();
  // instructions: markdown rendered, raw HTML dropped
  await expect(p.getByTestId("task-instructions").locator("strong")).toHaveText("refund");
  await expect(p.getByTestId("task-instructions")).toContainText("Check the refund for ACME GmbH.");
  await expect(p.getByTestId("task-instructions").locator("script")).toHaveCount(0);
  await expect(p.getByTestId("task-instructions")).not.toContainText("pwned");
  // the proposal as fields, raw JSON one click away
  await expect(p.getByTestId("payload-fields").locator('[data-field="customer"]')).toHaveText("ACME GmbH");
  await expect(p.getByTestId("payload-fields").locator('[data-field="amount"]')).toHaveText("120");
  await p.getByRole("tab", { name: "Raw JSON" }).click();
  await expect(p.getByTestId("payload-raw")).toContainText('"amount": 120');
  await expect(p.getByTestId("run-link")).toHaveAttribute("href", `/runs/${runId}`);
  await expect(p.getByTestId("keyboard-hint")).toContainText("approve");

  await p.getByRole("button", { name: "Edit and approve" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit and approve" });
  await expect(dialog.getByLabel("customer")).toHaveCount(0); // not editable
  await dialog.getByLabel("amount").fill("5000");
  await dialog.getByRole("button", { name: "Review changes" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Must be at most 1000");
  await dialog.getByLabel("amount").fill("90");
  await dialog.getByRole("button", { name: "Review changes" }).click();
  const review = page.getByRole("dialog", { name: "Review your changes" });
  const diff = review.getByTestId("edit-diff");
  await expect(diff.getByRole("row")).toHaveCount(2);
  await expect(diff.getByRole("row").nth(1)).toContainText("amount");
  await expect(diff.getByRole("row").nth(1)).toContainText("120");
  await expect(diff.getByRole("row").nth(1)).toContainText("90");
  await review.getByLabel("Comment (optional)").fill("Partial refund agreed by phone");
  await review.getByRole("button", { name: "Approve with changes" }).click();
  await expect(page.getByText("Approved with your changes")).toBeVisible();

  await expect.poll(async () => (await getRun(designer, runId)).run.status).toBe("succeeded");
  const out = (await getRun(designer, runId)).run.output!;
  expect(out.decision).toBe("approved");
  expect(out.payload).toEqual({ customer: "ACME GmbH", amount: 90 });
  expect(out.comment).toBe("Partial refund agreed by phone");
  await expect(row(page, title)).toHaveCount(0);
});

test("rejecting needs a reason; the run takes the rejected path with it", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const runId = await startRun(designer, workflowId, { customer: "Globex", amount: 700 });
  const taskId = await taskOf(designer, runId);
  const page = await pageAs("reviewer");
  await page.goto(`/inbox/${taskId}`);
  await expect(panel(page).getByRole("heading", { name: title })).toBeVisible();
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: `Reject “${title}”` });
  await expect(dialog.getByLabel("Reason (required)")).toBeFocused();
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("A reason is required to reject.");
  await dialog.getByLabel("Reason (required)").fill("Invoice already refunded in March");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Rejected", { exact: true }).first()).toBeVisible();
  await expect.poll(async () => (await getRun(designer, runId)).run.status).toBe("succeeded");
  expect((await getRun(designer, runId)).run.output).toMatchObject({ decision: "rejected", comment: "Invoice already refunded in March" });
  await page.goto(`/inbox/${taskId}`);
  await expect(panel(page).getByTestId("task-closed-banner")).toContainText(`Rejected by ${users.reviewer.name}`);
  await expect(panel(page).getByTestId("task-history")).toContainText("Invoice already refunded in March");
});

test("a quorum of two needs two different reviewers", async ({ pageAs, apiAs, browser, baseURL }) => {
  const admin = await apiAs("admin");
  const email = `second-${Date.now().toString(36)}@example.com`;
  const created = await admin.post("/api/v1/users", { data: { name: "Sam Second", email, password, role: "reviewer" } });
  expect(created.status(), await created.text()).toBe(201);

  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, { quorum: 2 });
  const runId = await startRun(designer, workflowId, { customer: "Initech", amount: 40 });
  const taskId = await taskOf(designer, runId);

  const first = await pageAs("reviewer");
  await first.goto(`/inbox/${taskId}`);
  await expect(panel(first)).toContainText("0 of 2 approvals");
  await panel(first).getByRole("button", { name: "Approve", exact: true }).click();
  // the button asks for the same confirmation as the `a` key
  await first
    .getByRole("dialog", { name: `Approve “${title}”?` })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(first.getByText("Approval recorded; waiting for more reviewers")).toBeVisible();
  await row(first, title).click();
  await expect(row(first, title)).toContainText("You approved");
  await expect(panel(first).getByTestId("task-blocked")).toContainText("You have already decided this task");
  await expect(panel(first).getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  expect((await getRun(designer, runId)).run.status).toBe("waiting");

  const second = await signedInPage(browser, baseURL!, email);
  await second.goto("/inbox");
  await row(second, title).click();
  await expect(panel(second)).toContainText("1 of 2 approvals");
  await second.keyboard.press("a"); // keyboard: a opens the confirmation, Enter approves
  await expect(second.getByRole("dialog", { name: `Approve “${title}”?` })).toBeVisible();
  await second.keyboard.press("Enter");
  await expect(second.getByText("Approved", { exact: true }).first()).toBeVisible();
  await expect.poll(async () => (await getRun(designer, runId)).run.status).toBe("succeeded");
  expect((await getRun(designer, runId)).run.output!.decidedBy).toHaveLength(2);
  await second.context().close();
});

test("separation of duties: the person who started the run cannot decide it", async ({ pageAs, apiAs }) => {
  const admin = await apiAs("admin");
  const { workflowId, title } = await approvalWorkflow(admin, { assignees: { users: [], roles: ["reviewer", "admin"] } });
  const runId = await startRun(admin, workflowId, { customer: "Umbrella", amount: 10 });
  const taskId = await taskOf(admin, runId);
  const page = await pageAs("admin");
  await page.goto(`/inbox/${taskId}`);
  await expect(panel(page).getByRole("heading", { name: title })).toBeVisible();
  await expect(panel(page).getByTestId("task-blocked")).toContainText("Separation of duties");
  await expect(panel(page).getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  const res = await admin.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision: "approve" } });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Separation of duties/);
  expect((await getRun(admin, runId)).run.status).toBe("waiting");
});

test("a viewer reads the task but sees no actions", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const runId = await startRun(designer, workflowId, { customer: "Hooli", amount: 55 });
  const taskId = await taskOf(designer, runId);
  const page = await pageAs("viewer");
  await page.goto("/inbox");
  await row(page, title).click();
  await expect(panel(page).getByTestId("payload-fields").locator('[data-field="customer"]')).toHaveText("Hooli");
  await expect(panel(page).getByTestId("task-blocked")).toContainText("Your role can read tasks but not decide them.");
  for (const name of ["Approve", "Edit and approve", "Reject", "Reassign", "Comment"]) {
    await expect(panel(page).getByRole("button", { name, exact: true })).toHaveCount(0);
  }
  await page.keyboard.press("a");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const api = await apiAs("viewer");
  expect((await api.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision: "approve" } })).status()).toBe(403);
});

test("a task decided in another tab updates the open one instead of letting me act", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const runId = await startRun(designer, workflowId, { customer: "Stark", amount: 300 });
  const taskId = await taskOf(designer, runId);
  const page = await pageAs("reviewer");
  await page.goto(`/inbox/${taskId}`);
  await expect(panel(page).getByRole("button", { name: "Approve", exact: true })).toBeVisible();

  const admin = await apiAs("admin");
  const res = await admin.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision: "approve", comment: "done elsewhere" } });
  expect(res.status(), await res.text()).toBe(200);

  await expect(panel(page).getByTestId("task-closed-banner")).toContainText(`Approved by ${users.admin.name}`);
  await expect(panel(page).getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await expect(row(page, title)).toContainText(`by ${users.admin.name}`);
});

test("reassigning hands the task over with a note; the new assignee is notified", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const runId = await startRun(designer, workflowId, { customer: "Wayne", amount: 80 });
  const taskId = await taskOf(designer, runId);
  const page = await pageAs("reviewer");
  await page.goto(`/inbox/${taskId}`);
  await panel(page).getByRole("button", { name: "Reassign" }).click();
  const dialog = page.getByRole("dialog", { name: "Reassign task" });
  await dialog.getByLabel("Assign to").click();
  await page.getByRole("option", { name: new RegExp(users.admin.name) }).click();
  await dialog.getByRole("button", { name: "Reassign" }).click();
  await expect(dialog.getByText("A note is required.")).toBeVisible();
  await dialog.getByLabel("Note (required)").fill("Needs an admin: over the limit");
  await dialog.getByRole("button", { name: "Reassign" }).click();
  await expect(page.getByText("Task reassigned")).toBeVisible();
  await expect(panel(page)).toContainText(`Assigned to ${users.admin.name}`);
  await expect(panel(page).getByTestId("task-blocked")).toContainText("assigned to someone else");

  const adminPage = await pageAs("admin");
  await adminPage.goto("/workflows");
  await adminPage.getByTestId("notification-bell").click();
  await adminPage.getByRole("button", { name: new RegExp(`reassigned "${title}" to you`) }).click();
  await expect(adminPage).toHaveURL(new RegExp(`/inbox/${taskId}`));
  await expect(panel(adminPage)).toContainText("Needs an admin: over the limit");
  await expect(panel(adminPage).getByRole("button", { name: "Approve", exact: true })).toBeVisible();
});

test("inbox screenshot for the docs (light and dark)", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const soon = await approvalWorkflow(designer, {
    dueInMs: 2 * 3_600_000,
    instructions: "Approve the **credit limit** change for {{ $.input.customer }}.",
  });
  const quorum = await approvalWorkflow(designer, { quorum: 2, instructions: "Two reviewers must approve refunds over 500 EUR." });
  const plain = await approvalWorkflow(designer, { dueInMs: 26 * 3_600_000 });
  await startRun(designer, plain.workflowId, { customer: "Soylent Corp", amount: 45 });
  await startRun(designer, quorum.workflowId, { customer: "Cyberdyne", amount: 640 });
  await startRun(designer, soon.workflowId, { customer: "Tyrell Corporation", amount: 250 });
  const page = await pageAs("reviewer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/inbox");
  await row(page, soon.title).click();
  await expect(panel(page).getByRole("heading", { name: soon.title })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const dir = path.join(__dirname, "../docs/screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, "inbox.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: test.info().outputPath("inbox-dark.png") });
});

test("signed out, a reviewer follows a task link, signs in and lands on that task; an off-site next goes to the inbox", async ({
  browser,
  baseURL,
  apiAs,
}) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const taskId = await taskOf(designer, await startRun(designer, workflowId, { customer: "Deep Link Ltd", amount: 5 }));
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`/inbox/${taskId}`);
  await expect(page).toHaveURL((u) => u.pathname === "/sign-in" && u.searchParams.get("next") === `/inbox/${taskId}`);
  await page.getByLabel("Email").fill(users.reviewer.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((u) => u.pathname === `/inbox/${taskId}`);
  await expect(panel(page).getByRole("heading", { name: title })).toBeVisible();
  await ctx.close();

  const other = await browser.newContext();
  const evil = await other.newPage();
  await evil.goto(`/sign-in?next=${encodeURIComponent("//evil.example/phish")}`);
  await evil.getByLabel("Email").fill(users.reviewer.email);
  await evil.getByLabel("Password").fill(password);
  await evil.getByRole("button", { name: "Sign in" }).click();
  // a reviewer's home is the inbox, and the off-site target is ignored
  await expect(evil).toHaveURL((u) => u.origin === new URL(baseURL!).origin && u.pathname.startsWith("/inbox"));
  await other.close();
});

test("after a decision the next task is selected; Ctrl+Enter submits the comment and reject forms", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer);
  const runs: string[] = [];
  for (const customer of ["Next One", "Next Two", "Next Three"]) runs.push(await startRun(designer, workflowId, { customer, amount: 1 }));
  for (const r of runs) await taskOf(designer, r);
  const page = await pageAs("reviewer");
  await page.goto("/inbox");
  await expect(row(page, title)).toHaveCount(3);
  await row(page, title).nth(1).click();
  const all = page.getByTestId("task-row");
  const ids = (await all.evaluateAll((els) => els.map((e) => e.id.replace(/^task-row-/, "")))).filter(Boolean);
  const current = new URL(page.url()).pathname.split("/").pop()!;
  const expectedNext = ids[ids.indexOf(current) + 1];
  expect(expectedNext).toBeTruthy();

  // comment: Ctrl+Enter sends it
  await panel(page).getByLabel("Comment", { exact: true }).fill("Checked against the ledger");
  await panel(page).getByLabel("Comment", { exact: true }).press("ControlOrMeta+Enter");
  await expect(panel(page).getByTestId("task-history")).toContainText("Checked against the ledger");

  await panel(page).getByRole("button", { name: "Approve", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Approve “${title}”?` })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(page).toHaveURL((u) => u.pathname === `/inbox/${expectedNext}`);

  // reject: Ctrl+Enter in the reason submits
  await panel(page).getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByRole("dialog", { name: /^Reject/ });
  await dialog.getByLabel("Reason (required)").fill("Duplicate request");
  await dialog.getByLabel("Reason (required)").press("ControlOrMeta+Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText("Rejected", { exact: true }).first()).toBeVisible();
});
