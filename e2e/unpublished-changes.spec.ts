// After edits to a published workflow the header says "Unpublished changes" and the publish dialog
// lists what changed against the latest version; the editor's run panel links to the run page and
// brings the node the run failed on into view.
import { test, expect } from "./support/fixtures";
import { canvasNode, chainGraph, createWorkflow, expectSaved, openEditor, publish, saveDraft } from "./support/builder-helpers";

test("unpublished-changes badge and the publish dialog's list of changes; the run panel links to the run and shows the failed node", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const api = await apiAs("designer");
  const graph = chainGraph([
    { id: "t1", name: "Alpha" },
    { id: "t2", name: "Beta" },
    { id: "boom", name: "Explode", expression: '$error("boom")' },
  ]);
  graph.nodes.find((n) => n.id === "boom")!.position = { x: 3200, y: 900 };
  const id = await createWorkflow(api, `Changes ${Date.now().toString(36)}`, graph);
  await publish(api, id, "first");

  // An edit made elsewhere (a node and an edge added), then one in the editor (a rename).
  graph.nodes.push({ id: "t3", kind: "transform", name: "Gamma", position: { x: 320, y: 300 }, config: { expression: "$.input" } });
  graph.edges.push({ id: "eg", source: "t1", sourceHandle: "out", target: "t3", targetHandle: "in" });
  await saveDraft(api, id, graph);

  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByTestId("version-badge")).toContainText("v1 published");
  const badge = page.getByTestId("unpublished-badge");
  await expect(badge).toHaveText("Unpublished changes");
  await canvasNode(page, "Beta").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await inspector.getByLabel("Name").fill("Beta renamed");
  await expectSaved(page);
  await page.screenshot({ path: testInfo.outputPath("unpublished-badge-1440.png") });

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 2" });
  const changes = dialog.getByTestId("publish-changes");
  await expect(changes).toContainText("Changes since version 1");
  await expect(changes.locator('li[data-kind="node"][data-change="changed"]')).toHaveText("Changed node Beta renamed");
  await expect(changes.locator('li[data-kind="node"][data-change="added"]')).toHaveText("Added node Gamma");
  await expect(changes.locator('li[data-kind="edge"][data-change="added"]')).toHaveText("Added edge Alpha → Gamma");
  await expect(changes.locator("li")).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath("publish-dialog-changes-1440.png") });
  await dialog.getByLabel("What changed?").fill("Rename and a delay");
  await dialog.getByRole("button", { name: /^Publish/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("version-badge")).toContainText("v2 published");
  await expect(badge).toHaveCount(0);

  // A run that fails: the panel links to the run page and the canvas shows the failed node.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const start = page.getByRole("dialog", { name: "Run version 2" });
  await start.getByRole("button", { name: "Start run" }).click();
  await expect(start).toBeHidden();
  const run = page.getByRole("region", { name: "Run" });
  await expect(run.locator('[data-slot="status-badge"]').first()).toHaveAttribute("data-status", "failed");
  await expect(run).toHaveAttribute("data-focus-node", "boom");
  await expect(canvasNode(page, "Explode")).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("run-panel-failed-node-1440.png") });
  const link = run.getByRole("link", { name: "Open run page" });
  await expect(link).toHaveAttribute("href", /^\/runs\/[0-9a-f-]{36}$/);
  await link.click();
  await expect(page.getByTestId("run-status")).toHaveText("Failed");
});
