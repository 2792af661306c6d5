// An auditor uses the audit trail in the browser: filters it by action (and the run it names), opens
// the event in full, exports what is filtered as JSON Lines (every line parses and matches the
// filter) and verifies the hash chain, which reports it intact.
import { readFile } from "node:fs/promises";
import { test, expect } from "./support/fixtures";
import { chainGraph, createWorkflow, publish } from "./support/builder-helpers";

test("an auditor filters, opens and exports the audit log and verifies the chain", async ({ apiAs, pageAs }) => {
  const tag = Date.now().toString(36);
  const admin = await apiAs("admin");
  const id = await createWorkflow(admin, `Audited ${tag}`, chainGraph([{ id: "t1", name: "Shape" }]));
  await publish(admin, id, "audit e2e");
  const started = await admin.post("/api/v1/runs", { data: { workflowId: id, input: { tag } } });
  expect(started.status(), await started.text()).toBe(201);
  const runId = ((await started.json()) as { run: { id: string } }).run.id;

  const page = await pageAs("auditor");
  await page.goto("/audit");
  const filters = page.getByRole("form", { name: "Filter the audit trail" });
  await filters.getByLabel("Action").fill("run.started");
  await filters.getByLabel("Target id").fill(runId);
  await filters.getByRole("button", { name: "Apply filters" }).click();

  const rows = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(rows).toHaveCount(2); // the header and the one run's start
  await expect(rows.nth(1)).toContainText("run.started");
  await expect(rows.nth(1)).toContainText("admin@example.com");

  await rows.nth(1).getByRole("button", { name: "run.started" }).click();
  const sheet = page.getByRole("dialog");
  await expect(sheet.getByRole("heading", { name: "run.started" })).toBeVisible();
  await expect(sheet).toContainText(`run:${runId}`);
  await expect(sheet.getByTestId("audit-event-data")).toContainText(id);
  await expect(sheet.getByRole("navigation", { name: "Related" }).getByRole("link", { name: "Run" })).toHaveAttribute(
    "href",
    new RegExp(runId),
  );
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSON Lines" }).click();
  const download = await downloading;
  const lines = (await readFile(await download.path(), "utf8")).trim().split("\n");
  expect(lines).toHaveLength(1);
  const exported = lines.map(
    (l) => JSON.parse(l) as { action: string; targetType: string; targetId: string; data: { workflowId: string } },
  );
  expect(exported).toEqual([expect.objectContaining({ action: "run.started", targetType: "run", targetId: runId })]);
  expect(exported[0].data.workflowId).toBe(id);

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Chain intact" })).toBeVisible({ timeout: 30_000 });
});
