// Run monitoring end to end: a run with a parallel region and an approval watched live on the
// canvas, the step inspector for a finished and a failed step, retry in place, rerun from a middle
// step with edited input, cancelling a waiting run, the runs list (live arrival, search, bulk cancel
// with its count, bulk retry of a filter), and the dashboard showing the runs just made. Workflows
// are created and published through the API.
import { mkdirSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";
import { chainGraph, failingGraph, parallelApprovalGraph } from "./support/monitoring-flows";

let seq = 0;
const unique = (name: string) => `${name} ${Date.now().toString(36)}${++seq}`;

async function published(api: APIRequestContext, name: string, graph: object): Promise<string> {
  const id = await createWorkflow(api, unique(name), graph as Graph);
  await publish(api, id, "monitoring e2e");
  return id;
}

async function startRun(api: APIRequestContext, workflowId: string, input: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

async function openTaskId(api: APIRequestContext, runId: string): Promise<string> {
  let id: string | undefined;
  await expect(async () => {
    const res = await api.get(`/api/v1/runs/${runId}`);
    const body = (await res.json()) as { tasks: { id: string; status: string }[] };
    id = body.tasks.find((t) => t.status === "open")?.id;
    expect(id).toBeTruthy();
  }).toPass();
  return id!;
}

const nodeStatus = (page: Page, nodeId: string) => page.locator(`.react-flow__node[data-id="${nodeId}"] [data-slot="node-run-status"]`);
const runStatus = (page: Page) => page.getByTestId("run-status");

test.describe.configure({ mode: "serial" });

test("a parallel run with an approval changes state live on the canvas; the inspector shows a finished step", async ({
  apiAs,
  pageAs,
  baseURL,
}) => {
  const designer = await apiAs("designer");
  const reviewer = await apiAs("reviewer");
  const wf = await published(designer, "Orders", parallelApprovalGraph(baseURL!));
  const runId = await startRun(designer, wf, { customer: "ACME-42", amount: 21 });

  const page = await pageAs("admin");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(runId.slice(0, 8));
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  await expect(runStatus(page)).toHaveText("Waiting");
  await expect(nodeStatus(page, "approve")).toHaveText("Waiting");
  await expect(nodeStatus(page, "enrich")).toHaveText("Succeeded");
  await expect(nodeStatus(page, "check")).toHaveText("Succeeded");
  await expect(nodeStatus(page, "join")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Open task:/ })).toBeVisible();

  // the reviewer decides elsewhere: the open page follows without a reload
  const taskId = await openTaskId(reviewer, runId);
  const decided = await reviewer.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision: "approve", comment: "Looks right" } });
  expect(decided.status(), await decided.text()).toBe(200);
  await expect(nodeStatus(page, "approve")).toHaveText("Succeeded");
  await expect(nodeStatus(page, "join")).toHaveText("Succeeded");
  await expect(nodeStatus(page, "end")).toHaveText("Succeeded");
  await expect(runStatus(page)).toHaveText("Succeeded");
  await expect(page.locator('.react-flow__edge.sy-edge-taken[data-id="e6"]')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge.sy-edge-idle[data-id="e7"]')).toHaveCount(1);

  // timeline bar → inspector of a finished step
  await page.getByRole("button", { name: /^Enrich: succeeded/ }).click();
  const inspector = page.getByTestId("step-inspector");
  await expect(inspector.getByRole("heading", { name: "Enrich" })).toBeVisible();
  await expect(inspector.getByTestId("inspector-status")).toHaveText("Succeeded");
  await inspector.getByRole("tab", { name: "Output" }).click();
  await expect(inspector.getByText('"doubled": 42')).toBeVisible();
  await page.screenshot({ path: "tmp/e2e-mon/inspector.png" });
  await inspector.getByRole("tab", { name: "Input" }).click();
  await page.keyboard.press("Escape");

  // the approval step: its task and the decision
  await page.getByRole("button", { name: /^Approve: succeeded/ }).click();
  await expect(inspector.getByText("Looks right", { exact: true })).toBeVisible();
  await expect(inspector.getByText("Rui Reviewer")).toBeVisible();
  await page.keyboard.press("Escape");

  await page.getByRole("tab", { name: "Event log" }).click();
  await expect(page.getByTestId("run-event-log").locator('[data-event-type="task.decided"]')).toHaveCount(1);
  await page.getByRole("tab", { name: "Timeline" }).click();
  mkdirSync("docs/screenshots", { recursive: true });
  await page.screenshot({ path: "docs/screenshots/run-view.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await page.screenshot({ path: "docs/screenshots/run-view-dark.png", fullPage: true });
});

test("a failed step: the run view says where, the inspector shows the error and its attempt", async ({ apiAs, pageAs, baseURL }) => {
  const designer = await apiAs("designer");
  const wf = await published(designer, "Supplier sync", failingGraph(baseURL!));
  const runId = await startRun(designer, wf, { customer: "BETA-7" });
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("Failed");
  await expect(nodeStatus(page, "call")).toHaveText("Failed");
  await expect(nodeStatus(page, "prepare")).toHaveText("Succeeded");
  await expect(page.getByText("The run failed")).toBeVisible();
  // click the node on the canvas
  await page.locator('.react-flow__node[data-id="call"]').click();
  const inspector = page.getByTestId("step-inspector");
  await expect(inspector.getByRole("heading", { name: "Call supplier" })).toBeVisible();
  await expect(inspector.getByTestId("inspector-status")).toHaveText("Failed");
  await expect(inspector.getByTestId("inspector-error")).toContainText(/404/);
  await inspector.getByRole("tab", { name: /Attempts/ }).click();
  await expect(inspector.getByRole("row").filter({ hasText: "failed" })).toHaveCount(1);
  await page.keyboard.press("Escape");
  // a failed run offers no cancel; retry in place says what it does first
  await expect(page.getByRole("button", { name: /Cancel run/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Retry failed steps…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Call supplier gets one more attempt");
  await expect(dialog).toContainText("2 completed steps are kept and not repeated");
  await dialog.getByRole("button", { name: "Retry failed steps" }).click();
  await page.getByRole("tab", { name: "Event log" }).click();
  await expect(page.getByTestId("run-event-log").locator('[data-event-type="run.retried"]')).toHaveCount(1);
  // the supplier still answers 404: the retried attempt fails again, live
  await expect(page.getByTestId("run-event-log").locator('[data-event-type="run.failed"]')).toHaveCount(2);
  await expect(runStatus(page)).toHaveText("Failed");
});

test("rerun from a middle step with edited input: a new run linked to its source uses the edit", async ({ apiAs, pageAs }) => {
  const designer = await apiAs("designer");
  const wf = await published(designer, "Labels", chainGraph());
  const source = await startRun(designer, wf, { customer: "DELTA-9" });
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${source}`);
  await expect(runStatus(page)).toHaveText("Succeeded");
  await page.locator('.react-flow__node[data-id="label"]').click();
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByRole("tab", { name: "Output" }).click();
  await expect(inspector.getByText('"label": "Order DELTA-9"')).toBeVisible();
  await inspector.getByRole("button", { name: "Rerun from this step…" }).click();

  const dialog = page.getByRole("dialog", { name: "Rerun from a step" });
  await expect(dialog.getByLabel("Start from")).toHaveText("Label");
  const editor = dialog.getByLabel(/What the step receives/);
  await expect(editor).toHaveValue(/"ref": "DELTA-9"/);
  await editor.fill(JSON.stringify({ Prepare: { ref: "EDITED-1" } }, null, 2));
  await dialog.getByRole("button", { name: "Start the rerun" }).click();

  await expect(page).not.toHaveURL(new RegExp(source));
  await expect(page.getByRole("link", { name: `Rerun of ${source.slice(0, 8)}` })).toBeVisible();
  await expect(runStatus(page)).toHaveText("Succeeded");
  await expect(page.getByText("Rerun ·")).toBeVisible();
  await page.locator('.react-flow__node[data-id="label"]').click();
  await inspector.getByRole("tab", { name: "Output" }).click();
  await expect(inspector.getByText('"label": "Order EDITED-1"')).toBeVisible();
  await page.keyboard.press("Escape");
  // the source is one click away and unchanged
  await page.getByRole("link", { name: `Rerun of ${source.slice(0, 8)}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${source}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(source.slice(0, 8));
});

test("cancel a waiting run: the dialog says what it stops, the run ends cancelled; viewers get no control", async ({
  apiAs,
  pageAs,
  baseURL,
}) => {
  const designer = await apiAs("designer");
  const wf = await published(designer, "Refunds", parallelApprovalGraph(baseURL!));
  const runId = await startRun(designer, wf, { customer: "GAMMA-1", amount: 5 });

  const viewer = await pageAs("viewer");
  await viewer.goto(`/runs/${runId}`);
  await expect(runStatus(viewer)).toHaveText("Waiting");
  await expect(viewer.getByRole("button", { name: /Cancel run/ })).toHaveCount(0);

  const page = await pageAs("designer");
  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("Waiting");
  await page.getByRole("button", { name: "Cancel run…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("1 running or waiting step is cancelled and 1 open task is closed");
  await dialog.getByLabel(/Reason/).fill("customer withdrew");
  await dialog.getByRole("button", { name: "Cancel run" }).click();
  await expect(runStatus(page)).toHaveText("Cancelled");
  await expect(nodeStatus(page, "approve")).toHaveText("Cancelled");
  await expect(page.getByText("customer withdrew")).toBeVisible();
  // the viewer's page followed live
  await expect(runStatus(viewer)).toHaveText("Cancelled");
});

test("runs list: a new run appears live, filters narrow it, bulk cancel of a filter states and acts on its count", async ({
  apiAs,
  pageAs,
  baseURL,
}) => {
  const designer = await apiAs("designer");
  const wf = await published(designer, "Bulk", parallelApprovalGraph(baseURL!));
  const first = await startRun(designer, wf, { customer: "BULK-1", amount: 1 });
  const second = await startRun(designer, wf, { customer: "BULK-2", amount: 2 });

  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs?workflowId=${wf}`);
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const rows = page.getByRole("table", { name: "Runs" }).locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`tr[data-run-id="${first}"]`)).toContainText("Waiting");

  // a run started elsewhere shows up without a reload
  const third = await startRun(designer, wf, { customer: "BULK-3", amount: 3 });
  await expect(rows).toHaveCount(3);
  await expect(page.locator(`tr[data-run-id="${third}"]`)).toBeVisible();

  // search by a value in the input
  await page.getByLabel("Search by run id or input value").fill("BULK-2");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.locator(`tr[data-run-id="${second}"]`)).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();

  // everything waiting in this workflow, cancelled in one go
  await page.goto(`/runs?workflowId=${wf}&status=waiting`);
  await expect(rows).toHaveCount(3);
  await page.getByLabel("Select every run on this page").click();
  await page.getByRole("button", { name: "Cancel…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByTestId("bulk-count")).toHaveText("This will cancel 3 runs (3 selected runs).");
  await dialog.getByRole("button", { name: "Cancel 3 runs" }).click();
  await expect(page.getByText("3 runs cancelled")).toBeVisible();
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await page.goto(`/runs?workflowId=${wf}&status=cancelled`);
  await expect(rows).toHaveCount(3);

  await page.screenshot({ path: "docs/screenshots/runs-list.png", fullPage: true });
});

test("runs list: bulk retry of the failed runs a filter matches states its count and resumes them", async ({ apiAs, pageAs, baseURL }) => {
  const designer = await apiAs("designer");
  const wf = await published(designer, "Retry bulk", failingGraph(baseURL!));
  const a = await startRun(designer, wf, { customer: "R-1" });
  const b = await startRun(designer, wf, { customer: "R-2" });
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs?workflowId=${wf}&status=failed`);
  const rows = page.getByRole("table", { name: "Runs" }).locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await page.getByLabel("Select every run on this page").click();
  await page.getByRole("button", { name: /Select all 2 runs matching the filter/ }).click();
  await page.getByRole("button", { name: "Retry failed steps…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByTestId("bulk-count")).toHaveText("This will retry the failed steps of 2 runs (all 2 runs matching the filter).");
  await dialog.getByRole("button", { name: "Retry 2 runs" }).click();
  await expect(page.getByText("2 runs resumed")).toBeVisible();
  for (const id of [a, b]) {
    await expect(async () => {
      const res = await designer.get(`/api/v1/runs/${id}/view`);
      const view = (await res.json()) as { events: { type: string }[]; run: { status: string } };
      expect(view.events.map((e) => e.type)).toContain("run.retried");
      expect(view.run.status).toBe("failed"); // the supplier still answers 404
    }).toPass();
  }
});

test("the dashboard shows the runs just made", async ({ pageAs }) => {
  const page = await pageAs("viewer");
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.goto("/dashboard?range=1h");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Last hour" })).toHaveAttribute("aria-checked", "true");
  await expect
    .poll(async () => Number((await page.getByTestId("stat-runs").textContent())?.replace(/,/g, "") ?? 0))
    .toBeGreaterThanOrEqual(9); // 1 + 1 + 2 + 1 + 3 + 2 runs above
  const byStatus = page.getByTestId("panel-runs-by-status");
  await byStatus.getByRole("tab", { name: "Table" }).click();
  for (const status of ["Succeeded", "Failed", "Cancelled"])
    await expect(byStatus.getByRole("table").getByText(status, { exact: true })).toBeVisible();
  const failing = page.getByTestId("panel-most-failing-steps");
  await failing.getByRole("tab", { name: "Table" }).click();
  await expect(failing.getByRole("table").getByText("Call supplier").first()).toBeVisible();
  await byStatus.getByRole("tab", { name: "Chart" }).click();
  await failing.getByRole("tab", { name: "Chart" }).click();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  mkdirSync("docs/screenshots", { recursive: true });
  await page.screenshot({ path: "docs/screenshots/dashboard.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await page.screenshot({ path: "docs/screenshots/dashboard-dark.png", fullPage: true });
});
