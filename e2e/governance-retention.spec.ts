// An admin holds a run on its page (a badge everyone sees), sets the workflow's retention on its
// settings page and sees the preview ("would delete 1 run"), then purges now from Settings: the held
// run survives, the other expired run is gone.
import path from "node:path";
import Database from "better-sqlite3";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";

const graph: Graph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: {} },
    { id: "echo", kind: "transform", name: "Echo", position: { x: 320, y: 0 }, config: { expression: "$.input" } },
    { id: "done", kind: "end", name: "Done", position: { x: 640, y: 0 }, config: { output: "$.steps.Echo.output" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "out", target: "echo", targetHandle: "in" },
    { id: "e2", source: "echo", sourceHandle: "out", target: "done", targetHandle: "in" },
  ],
};

/** Runs finish now; retention counts days. The test ages them in the server's database file. */
function ageRuns(ids: string[], days: number): void {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "e2e.db"));
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(`UPDATE "Run" SET "finishedAtMs"=? WHERE "id" IN (${ids.map(() => "?").join(",")})`).run(
      Date.now() - days * 86_400_000,
      ...ids,
    );
  } finally {
    db.close();
  }
}

test("an admin holds a run, sets a workflow's retention, previews and purges: the held run survives", async ({ apiAs, pageAs }, info) => {
  const tag = Date.now().toString(36);
  const admin = await apiAs("admin");
  const id = await createWorkflow(admin, `Retention ${tag}`, graph);
  await publish(admin, id, "retention e2e");
  const runIds: string[] = [];
  for (const n of [1, 2]) {
    const started = await admin.post("/api/v1/runs", { data: { workflowId: id, input: { n } } });
    expect(started.status(), await started.text()).toBe(201);
    runIds.push(((await started.json()) as { run: { id: string } }).run.id);
  }
  for (const runId of runIds) {
    await expect(async () => {
      const res = await admin.get(`/api/v1/runs/${runId}`);
      expect(((await res.json()) as { run: { status: string } }).run.status).toBe("succeeded");
    }).toPass();
  }
  ageRuns(runIds, 10);
  const [held, expired] = runIds;

  const page = await pageAs("admin");
  await page.goto(`/runs/${held}`);
  await expect(page.getByTestId("run-legal-hold")).toHaveCount(0);
  await page.getByRole("button", { name: "Place legal hold" }).click();
  await expect(page.getByTestId("run-legal-hold")).toBeVisible();
  await expect(page.getByRole("button", { name: "Release legal hold" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("run-legal-hold.png") });
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByTestId("run-legal-hold")).toBeVisible();
  await page.screenshot({ path: info.outputPath("run-legal-hold-375.png") });
  await page.setViewportSize({ width: 1280, height: 800 });

  // a viewer sees the badge, not the button
  const viewer = await pageAs("viewer");
  await viewer.goto(`/runs/${held}`);
  await expect(viewer.getByTestId("run-legal-hold")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /legal hold/ })).toHaveCount(0);

  await page.goto(`/workflows/${id}/settings`);
  const days = page.getByLabel("Keep finished runs (days)");
  await days.fill("five");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "whole number of days" })).toBeVisible();
  await days.fill("5");
  await page.getByRole("button", { name: "Save retention" }).click();
  const preview = page.getByTestId("workflow-retention-preview");
  await expect(preview).toContainText("Keeps runs 5 days");
  await expect(preview).toContainText("would delete 1 run.");
  await page.screenshot({ path: info.outputPath("workflow-retention.png"), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByRole("heading", { name: "Retention", exact: true })).toBeVisible();
  await page.screenshot({ path: info.outputPath("workflow-retention-375.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto("/settings");
  const retention = page.locator("[data-slot=card]").filter({ has: page.getByRole("heading", { name: "Retention", exact: true }) });
  await expect(
    retention
      .getByRole("table", { name: "Retention per workflow" })
      .getByRole("row")
      .filter({ hasText: `Retention ${tag}` }),
  ).toContainText("5 days");
  await retention.getByRole("button", { name: "Purge now" }).click();
  // the worker may have purged the expired run first; either way nothing of this workflow is due now
  await expect(retention.getByText(/Deleted \d+ runs? and \d+ audit records?/)).toBeVisible();
  await expect(
    retention
      .getByRole("row")
      .filter({ hasText: `Retention ${tag}` })
      .getByRole("cell")
      .last(),
  ).toHaveText("0");
  await page.screenshot({ path: info.outputPath("settings-purge-now.png") });

  expect((await admin.get(`/api/v1/runs/${held}`)).status()).toBe(200);
  expect((await admin.get(`/api/v1/runs/${expired}`)).status()).toBe(404);
  const hold = await admin.get(`/api/v1/runs/${held}/legal-hold`);
  expect(await hold.json()).toEqual({ runId: held, legalHold: true });
});
