// Filling an evaluation dataset in Chromium, both ways the page offers: a real CSV file upload whose
// columns are mapped to the Start input fields, the expected output and "leave out", with a preview
// and row errors by line number; and past runs chosen by status, version and date, previewed,
// refused with row errors when the draft's Start schema no longer fits them, then imported.
// Screenshots at 1440 and 375 px.
import { writeFileSync } from "node:fs";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, saveDraft, type Graph } from "./support/builder-helpers";
import { runStatus, startRun } from "./support/approval-flow";

function sumGraph(required: string[] = ["a", "b"]): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      {
        id: "start",
        kind: "start",
        name: "Start",
        position: { x: 0, y: 0 },
        config: { inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required } },
      },
      { id: "end", kind: "end", name: "End", position: { x: 320, y: 0 }, config: { output: "{ 'sum': $.input.a + $.input.b }" } },
    ],
    edges: [{ id: "e0", source: "start", sourceHandle: "out", target: "end", targetHandle: "in" }],
  };
}

test("a CSV file's columns are mapped to input fields and the expected output, previewed, and bad rows listed by line", async ({
  pageAs,
  apiAs,
}, info) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Adder with a CSV", sumGraph());
  const good = info.outputPath("sums.csv");
  writeFileSync(good, 'First,Second,Want,Note\n2,2,"{""sum"":4}",from Ann\n1,3,"{""sum"":4}",from Bob\n0,5,"{""sum"":5}",\n');
  const bad = info.outputPath("bad.csv");
  writeFileSync(bad, "a,b\n1,x\n2,3\nz,4\n");

  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/workflows/${id}/evaluations`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a dataset from CSV" });
  await dialog.getByLabel("Name").fill("Mapped sums");
  await dialog.getByLabel("CSV file").setInputFiles(good);

  // columns named otherwise than the fields start as "leave out": map them
  await expect(dialog.getByLabel("Column “First”")).toHaveValue(/ignore/);
  await dialog.getByLabel("Column “First”").selectOption({ label: "Input field: a" });
  await dialog.getByLabel("Column “Second”").selectOption({ label: "Input field: b" });
  await dialog.getByLabel("Column “Want”").selectOption({ label: "Expected output" });
  await expect(dialog.getByLabel("Column “Note”")).toHaveValue(/ignore/);
  const preview = dialog.getByRole("table", { name: /Preview/ });
  await expect(preview.getByRole("columnheader")).toHaveText(["Line", "a", "b", "Expected"]);
  await expect(preview.getByRole("row").nth(1)).toHaveText(/^2\s*22\{"sum":4\}$/);
  await page.screenshot({ path: info.outputPath("csv-mapping-1440.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: /Mapped sums/ })).toContainText("3");

  // a file with bad cells: nothing imported, each bad line named
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByRole("button", { name: "Import CSV" }).click();
  await dialog.getByLabel("Name").fill("Broken");
  await dialog.getByLabel("CSV file").setInputFiles(bad);
  await expect(dialog.getByLabel("Column “a”")).toHaveValue("a");
  await dialog.getByRole("button", { name: "Import" }).click();
  const errors = dialog.getByRole("list", { name: "Row errors" });
  await expect(errors.getByRole("listitem")).toHaveText(['Line 2: b: "x" is not a number', 'Line 4: a: "z" is not a number']);
  await page.screenshot({ path: info.outputPath("csv-errors-375.png"), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("past runs are chosen by status, version and date, previewed, refused with row errors, then imported", async ({
  pageAs,
  apiAs,
}, info) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Adder with history", sumGraph());
  expect(await publish(api, id, "adds")).toBe(1);
  const runs = [];
  for (const input of [
    { a: 1, b: 1 },
    { a: 2, b: 5 },
  ])
    runs.push(await startRun(api, id, input));
  for (const r of runs) await expect.poll(() => runStatus(api, r), { timeout: 20_000 }).toBe("succeeded");
  // the draft now also needs c: the past inputs no longer fit it
  await saveDraft(api, id, { ...sumGraph(["a", "b", "c"]) });

  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/workflows/${id}/evaluations`);
  await page.getByRole("button", { name: "From past runs" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a dataset from past runs" });
  await dialog.getByLabel("Name").fill("History");
  const table = dialog.getByRole("table", { name: "Past runs" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table).toContainText('{"sum":7}');
  await dialog.getByLabel("Version").selectOption({ label: "Version 1" });
  await expect(table.getByRole("row")).toHaveCount(3);
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}`;
  await dialog.getByLabel("From").fill(day);
  await expect(dialog.getByText("No runs match these filters.")).toBeVisible();
  await dialog.getByLabel("From").fill("");
  await dialog.getByLabel("Status").selectOption("failed");
  await expect(dialog.getByText("No runs match these filters.")).toBeVisible();
  await dialog.getByLabel("Status").selectOption("succeeded");
  await dialog.getByLabel("Choose every succeeded run shown").check();
  await page.screenshot({ path: info.outputPath("runs-import-1440.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Import 2 runs" }).click();
  await expect(dialog.getByRole("list", { name: "Row errors" }).getByRole("listitem")).toHaveCount(2);
  await expect(dialog.getByRole("list", { name: "Row errors" })).toContainText("Row 1: input");

  // the draft takes them again: imported
  await saveDraft(api, id, sumGraph());
  await dialog.getByRole("button", { name: "Import 2 runs" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: /History/ })).toContainText("Past runs");

  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByRole("button", { name: "From past runs" }).click();
  await expect(table.getByRole("row")).toHaveCount(3);
  await page.screenshot({ path: info.outputPath("runs-import-375.png"), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
