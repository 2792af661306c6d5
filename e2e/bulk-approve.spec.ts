// Bulk approve: a reviewer ticks three tasks of one approval step (that allows it) in the inbox,
// approves them together, and all three runs resume to the end. A fourth run of the same step arrives
// while the reviewer is ticking: the live refresh that brings it must not drop or move a ticked box.
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { approvalWorkflow, runStatus, startRun, taskOf } from "./support/approval-flow";

async function waitingRun(api: APIRequestContext, workflowId: string, customer: string): Promise<string> {
  const runId = await startRun(api, workflowId, { customer });
  await taskOf(api, runId);
  return runId;
}

test("a reviewer ticks three tasks of one step, approves them together, and the three runs finish", async ({ apiAs, pageAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, "Team expense", { allowBulk: true });
  const runs = [];
  for (const customer of ["Ana", "Ben", "Cem"]) runs.push(await waitingRun(designer, workflowId, customer));

  const page = await pageAs("reviewer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/inbox");
  const rowOf = (runId: string) =>
    page.getByRole("listitem").filter({ has: page.getByTestId("task-row").filter({ hasText: `run ${runId.slice(0, 8)}` }) });
  const boxOf = (runId: string) => rowOf(runId).getByRole("checkbox", { name: `Select “${title}” for bulk approval` });

  await boxOf(runs[0]).check();
  await expect(page.getByRole("region", { name: "Bulk approve" })).toContainText("1 selected");
  // another task of the step arrives: the list refreshes live while the reviewer keeps ticking
  const late = await waitingRun(designer, workflowId, "Dee");
  await expect(rowOf(late)).toBeVisible();
  await boxOf(runs[1]).check();
  await boxOf(runs[2]).check();
  const bar = page.getByRole("region", { name: "Bulk approve" });
  await expect(bar).toContainText("3 selected");
  for (const runId of runs) await expect(boxOf(runId)).toBeChecked();
  await expect(boxOf(late)).not.toBeChecked();

  await bar.getByRole("button", { name: "Approve selected" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve 3 tasks?" });
  await dialog.getByLabel("Comment for every task (optional)").fill("Within the team budget");
  await dialog.getByRole("button", { name: "Approve 3" }).click();
  await expect(dialog.getByTestId("bulk-summary")).toHaveText("3 approved");
  await expect(dialog.getByTestId("bulk-results").locator("[data-ok=true]")).toHaveCount(3);
  // the footer's Close (the corner ✕ is named Close too)
  await dialog.getByRole("button", { name: "Close" }).and(dialog.locator("[type=submit]")).click();
  await expect(dialog).toBeHidden();

  for (const runId of runs) await expect.poll(() => runStatus(designer, runId)).toBe("succeeded");
  expect(await runStatus(designer, late)).toBe("waiting");
  // the approved tasks leave the list; the late one stays, unticked
  for (const runId of runs) await expect(rowOf(runId)).toHaveCount(0);
  await expect(boxOf(late)).not.toBeChecked();
  await expect(page.getByRole("region", { name: "Bulk approve" })).toHaveCount(0);
});
