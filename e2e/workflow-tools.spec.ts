// Workflows calling workflows in the builder: the contract renewal template's supervisor agent calls
// helper workflows (created and published with it) as tools, and Sub-workflow nodes / workflow tools
// pick the called workflow by name from the published ones.
import { test, expect } from "./support/fixtures";
import { canvasNode, chainGraph, createWorkflow, expectSaved, getDraft, openEditor, publish } from "./support/builder-helpers";

test("the contract renewal template creates its helper workflows; the supervisor's tools show them and the workflow publishes", async ({
  pageAs,
}) => {
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto("/workflows");
  // the page header's button (an empty list shows a second one)
  await page.getByRole("button", { name: "Templates" }).first().click();
  const gallery = page.getByRole("dialog", { name: "Start from a template" });
  await gallery.getByRole("radio", { name: /Contract renewal/ }).click();
  const name = `Vendor renewal ${Date.now()}`;
  await gallery.getByLabel("Name").fill(name);
  await gallery.getByRole("button", { name: "Create from template" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(canvasNode(page, "Renewal supervisor")).toBeVisible();

  await canvasNode(page, "Renewal supervisor").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await expect(inspector.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Renewal supervisor");
  const pickers = inspector.getByRole("combobox", { name: "Workflow", exact: true });
  await expect(pickers).toHaveCount(2);
  await expect(pickers.nth(0).locator("option:checked")).toHaveText(`${name} · Price benchmark · v1`);
  await expect(pickers.nth(1).locator("option:checked")).toHaveText(`${name} · Negotiation brief · v1`);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Publish version 1" }).getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("v1 published")).toBeVisible();

  await page.goto("/workflows");
  await expect(page.getByRole("link", { name: `${name} · Negotiation brief` })).toBeVisible();
});

test("a Sub-workflow node picks the called workflow by name from the published workflows", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const graph = chainGraph([]);
  graph.nodes[1].position = { x: 640, y: 0 };
  graph.nodes.splice(1, 0, {
    id: "call",
    kind: "subworkflow",
    name: "Call child",
    position: { x: 320, y: 0 },
    config: { workflowId: "", version: "", input: "$.input" },
  });
  graph.edges = [
    { id: "a", source: "start", sourceHandle: "out", target: "call", targetHandle: "in" },
    { id: "b", source: "call", sourceHandle: "out", target: "end", targetHandle: "in" },
  ];
  const id = await createWorkflow(api, "Calls a child", graph);
  const page = await pageAs("designer");

  await page.route("**/api/v1/workflows", (route) => route.fulfill({ json: { workflows: [] } }));
  await openEditor(page, id);
  await canvasNode(page, "Call child").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await expect(inspector.getByText("No published workflows yet")).toBeVisible();
  await page.unroute("**/api/v1/workflows");

  const childName = `Child ${Date.now()}`;
  const childId = await createWorkflow(api, childName, chainGraph([]));
  await publish(api, childId, "v1");
  await page.reload();
  await canvasNode(page, "Call child").click();
  const picker = inspector.getByRole("combobox", { name: "Workflow", exact: true });
  await picker.selectOption({ label: `${childName} · v1` });
  await expect.poll(async () => (await getDraft(api, id)).graph.nodes.find((n) => n.id === "call")?.config.workflowId).toBe(childId);
  await expectSaved(page);
});
