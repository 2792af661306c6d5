// Run outcomes: an approval whose `rejected` output leads nowhere ends the run "Succeeded" with the
// outcome "rejected"; an End node names "approved". The runs list shows both and filters by outcome,
// the run header shows it, and the API lists by it.
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";

const graph: Graph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
    {
      id: "review",
      kind: "approval",
      name: "Review loan",
      position: { x: 320, y: 0 },
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions: "Approve the loan?",
        payload: "$.input",
        separationOfDuties: false,
      },
    },
    { id: "done", kind: "end", name: "Approved", position: { x: 640, y: 0 }, config: { output: "$.input", outcome: "approved" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "out", target: "review", targetHandle: "in" },
    { id: "e2", source: "review", sourceHandle: "approved", target: "done", targetHandle: "in" },
  ],
};

async function startRun(api: APIRequestContext, workflowId: string): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input: { amount: 5 } } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

async function decide(reviewer: APIRequestContext, runId: string, decision: "approve" | "reject"): Promise<void> {
  let taskId: string | undefined;
  await expect(async () => {
    const res = await reviewer.get(`/api/v1/runs/${runId}`);
    taskId = ((await res.json()) as { tasks: { id: string; status: string }[] }).tasks.find((t) => t.status === "open")?.id;
    expect(taskId).toBeTruthy();
  }).toPass();
  const res = await reviewer.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision, comment: "checked" } });
  expect(res.status(), await res.text()).toBe(200);
}

test("a rejected run shows outcome rejected in the runs list, the run header, the dashboard and the API, and the list filters by it", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const designer = await apiAs("designer");
  const reviewer = await apiAs("reviewer");
  const id = await createWorkflow(designer, `Loans ${Date.now().toString(36)}`, graph);
  await publish(designer, id, "outcomes e2e");
  const rejected = await startRun(designer, id);
  const approved = await startRun(designer, id);
  await decide(reviewer, rejected, "reject");
  await decide(reviewer, approved, "approve");

  await expect(async () => {
    const res = await designer.get(`/api/v1/runs?workflowId=${id}&outcome=rejected`);
    const { runs } = (await res.json()) as { runs: { id: string; status: string; outcome: string | null }[] };
    expect(runs).toEqual([expect.objectContaining({ id: rejected, status: "succeeded", outcome: "rejected" })]);
  }).toPass();

  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/runs?workflowId=${id}`);
  const rejectedRow = page.locator(`tr[data-run-id="${rejected}"]`);
  const approvedRow = page.locator(`tr[data-run-id="${approved}"]`);
  await expect(rejectedRow.locator('[data-slot="status-badge"]')).toHaveText("Succeeded");
  await expect(rejectedRow.locator('[data-slot="outcome-badge"]')).toHaveText("Outcome: rejected");
  await expect(approvedRow.locator('[data-slot="outcome-badge"]')).toHaveText("Outcome: approved");
  await page.screenshot({ path: testInfo.outputPath("runs-list-outcomes-1440.png") });

  await page.getByLabel("Outcome").click();
  await page.getByRole("option", { name: "rejected" }).click();
  await expect(page).toHaveURL(/outcome=rejected/);
  await expect(rejectedRow).toBeVisible();
  await expect(approvedRow).toHaveCount(0);

  await rejectedRow.getByRole("link", { name: rejected.slice(0, 8) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(rejected.slice(0, 8));
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
  await expect(page.locator('[data-slot="outcome-badge"]')).toHaveText("Outcome: rejected");
  await page.screenshot({ path: testInfo.outputPath("run-header-outcome-1440.png") });

  // The dashboard counts runs by outcome, and an outcome links to the runs list filtered by it.
  await page.goto("/dashboard?range=1h");
  const panel = page.getByTestId("panel-runs-by-outcome");
  await expect(panel.getByRole("img")).toHaveAttribute("aria-label", /\d+ rejected/);
  await panel.getByRole("tab", { name: "Table" }).click();
  const table = panel.getByRole("table", { name: "Runs by outcome" });
  await expect(table.getByRole("row").filter({ hasText: "Outcome: rejected" })).toHaveCount(1);
  await expect(table.getByRole("row").filter({ hasText: "Outcome: approved" })).toHaveCount(1);
  await table.getByRole("link", { name: "Outcome: rejected" }).click();
  await expect(page).toHaveURL(/\/runs\?outcome=rejected/);
  await expect(page.locator(`tr[data-run-id="${rejected}"]`)).toBeVisible();
  await expect(page.locator(`tr[data-run-id="${approved}"]`)).toHaveCount(0);
});
