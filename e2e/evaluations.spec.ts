// An evaluation comparing two versions in Chromium: import a CSV dataset in the Evaluations page,
// run version 2 beside version 1 with an exact-match grader, watch it finish, and read the pass
// rates side by side and the rows whose result changed. Screenshots at 1440 and 375 px.
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, saveDraft, type Graph } from "./support/builder-helpers";

function sumGraph(output: string): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      {
        id: "start",
        kind: "start",
        name: "Start",
        position: { x: 0, y: 0 },
        config: { inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } },
      },
      { id: "end", kind: "end", name: "End", position: { x: 320, y: 0 }, config: { output } },
    ],
    edges: [{ id: "e0", source: "start", sourceHandle: "out", target: "end", targetHandle: "in" }],
  };
}

test("an evaluation compares version 2 with version 1: pass rates side by side and the rows that changed", async ({
  pageAs,
  apiAs,
}, info) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Adder under evaluation", sumGraph("{ 'sum': $.input.a + $.input.b }"));
  expect(await publish(api, id, "adds")).toBe(1);
  await saveDraft(api, id, sumGraph("{ 'sum': $.input.a * $.input.b }"));
  expect(await publish(api, id, "multiplies by mistake")).toBe(2);

  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/workflows/${id}/evaluations`);
  await expect(page.getByRole("heading", { name: "Adder under evaluation: evaluations" })).toBeVisible();
  await expect(page.getByText("No datasets yet")).toBeVisible();
  await expect(page.getByText("No evaluations yet")).toBeVisible();

  // Import a CSV dataset
  await page.getByRole("button", { name: "Import CSV" }).click();
  const importDialog = page.getByRole("dialog", { name: "Import a dataset from CSV" });
  await importDialog.getByLabel("Name").fill("Sums");
  await importDialog.getByLabel("Or paste the CSV").fill('a,b,expected\n2,2,"{""sum"":4}"\n1,3,"{""sum"":4}"\n0,5,"{""sum"":5}"\n');
  await importDialog.getByRole("button", { name: "Import" }).click();
  await expect(importDialog).toBeHidden();
  await expect(page.getByRole("cell", { name: "Sums" })).toBeVisible();

  // Run version 2 beside version 1
  await page.getByRole("button", { name: "Run evaluation" }).click();
  const runDialog = page.getByRole("dialog", { name: "Run an evaluation" });
  await runDialog.getByLabel("Evaluate").selectOption("2");
  await runDialog.getByLabel("Compare with").selectOption("1");
  await runDialog.getByLabel("Kind").selectOption("exact");
  await runDialog.getByLabel("Output field (blank: the whole output)").fill("sum");
  await runDialog.getByRole("button", { name: "Start evaluation" }).click();
  await expect(runDialog).toBeHidden();

  const results = page.getByRole("region", { name: "Evaluation results" }).or(page.locator("[aria-label='Evaluation results']"));
  await expect(results.getByText("Finished: 6 of 6 row runs done")).toBeVisible({ timeout: 30_000 });
  const summary = results.getByRole("table", { name: "Summary per target" });
  await expect(summary.getByRole("row", { name: /Version 2/ })).toContainText("33.3% (1/3)");
  await expect(summary.getByRole("row", { name: /Version 1/ })).toContainText("100% (3/3)");
  await expect(results.getByText("2 rows changed: row 2 pass → fail, row 3 pass → fail.")).toBeVisible();
  await expect(results.getByRole("table", { name: "Rows" }).locator("tr[data-changed]")).toHaveCount(2);
  await page.screenshot({ path: info.outputPath("evaluations-1440.png"), fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByRole("button", { name: "Run evaluation" })).toBeInViewport();
  await page.screenshot({ path: info.outputPath("evaluations-375.png"), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
