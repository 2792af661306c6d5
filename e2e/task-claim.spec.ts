// Claiming a task assigned to a role: the reviewer claims it, the admin sees who has it and cannot
// approve until they take it over (after a confirmation); the list marks the claim; the decision
// API refuses anyone but the claimer.
import { test, expect } from "./support/fixtures";
import { users } from "./support/users";
import { approvalWorkflow, startRun, taskOf } from "./support/approval-flow";

test("a reviewer claims a task, an admin takes it over, and only the claimer can decide", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, "Claim");
  const runId = await startRun(designer, workflowId, { customer: "Initech" });
  const taskId = await taskOf(designer, runId);

  const reviewer = await pageAs("reviewer");
  await reviewer.goto(`/inbox/${taskId}`);
  const panel = reviewer.getByTestId("task-panel");
  await expect(panel.getByRole("heading", { name: title })).toBeVisible();
  await panel.getByRole("button", { name: "Claim", exact: true }).click();
  await expect(panel.getByTestId("claimed-by")).toHaveText("You have claimed this task");
  await expect(panel.getByRole("button", { name: "Release" })).toBeVisible();
  await expect(reviewer.getByTestId("task-row").filter({ hasText: title })).toContainText("Claimed by you");

  const admin = await pageAs("admin");
  await admin.goto(`/inbox/${taskId}`);
  const adminPanel = admin.getByTestId("task-panel");
  await expect(adminPanel.getByTestId("claimed-by")).toHaveText(`Claimed by ${users.reviewer.name}`);
  await expect(adminPanel.getByTestId("task-blocked")).toContainText("Another reviewer has claimed this task");
  await expect(adminPanel.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  const api = await apiAs("admin");
  const refused = await api.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision: "approve" } });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("task_claimed");

  await adminPanel.getByRole("button", { name: "Take over" }).click();
  const dialog = admin.getByRole("alertdialog", { name: "Take over this task?" });
  await expect(dialog).toContainText(users.reviewer.name);
  await dialog.getByRole("button", { name: "Take over" }).click();
  await expect(adminPanel.getByTestId("claimed-by")).toHaveText("You have claimed this task");
  await expect(adminPanel.getByRole("button", { name: "Approve", exact: true })).toBeVisible();

  await reviewer.reload();
  await expect(panel.getByTestId("claimed-by")).toHaveText(`Claimed by ${users.admin.name}`);
  await expect(panel.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
});
