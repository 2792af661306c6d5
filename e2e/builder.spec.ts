// The visual workflow builder, end to end: building, configuring, publishing, undo/redo,
// copy/paste, import/export, versions, two-tab conflicts and following a run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, expect } from "./support/fixtures";
import {
  canvasEdges,
  canvasNode,
  canvasNodes,
  chainGraph,
  connect,
  createWorkflow,
  expectSaved,
  getDraft,
  hoverConnection,
  openEditor,
  publish,
  saveDraft,
  type Graph,
} from "./support/builder-helpers";

const loanFixture = JSON.parse(readFileSync(path.join(__dirname, "../lib/model/fixtures/valid-loan-approval.json"), "utf8")) as Graph;

test("a designer builds a workflow from the palette, configures it, publishes it and finds it intact after a reload", async ({
  pageAs,
}) => {
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto("/workflows");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  await page.getByRole("dialog", { name: "New workflow" }).getByLabel("Name").fill("Score applicants");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Score applicants" })).toBeVisible();
  await expect(canvasNodes(page)).toHaveCount(2);

  // Add by click (at the centre of the view) and by dragging onto the canvas.
  await page.getByRole("button", { name: "Add Transform" }).click();
  await expect(canvasNode(page, "Transform")).toBeVisible();
  await page
    .getByRole("button", { name: "Add HTTP request" })
    .dragTo(page.getByTestId("editor-canvas"), { targetPosition: { x: 600, y: 650 } });
  await expect(canvasNode(page, "HTTP request")).toBeVisible();
  await expect(canvasNodes(page)).toHaveCount(4);
  await page.getByRole("button", { name: "Auto-layout" }).click();

  // Connect Start → Transform → HTTP request → End.
  await connect(page, "Start", "Out", "Transform");
  await connect(page, "Transform", "Out", "HTTP request");
  await connect(page, "HTTP request", "Out", "End");
  await expect(canvasEdges(page)).toHaveCount(4);

  // Invalid connections are refused while dragging, with the reason.
  await hoverConnection(page, "Transform", "Out", "Transform");
  await expect(page.getByRole("status").filter({ hasText: "A node cannot connect to itself." })).toBeVisible();
  await page.mouse.up();
  await hoverConnection(page, "HTTP request", "Out", "Transform");
  await expect(page.getByRole("status").filter({ hasText: "would create a loop" })).toBeVisible();
  await page.mouse.up();
  await expect(canvasEdges(page)).toHaveCount(4);

  // Configure the transform: an invalid expression shows its error, autocomplete offers the input.
  await canvasNode(page, "Transform").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await inspector.getByLabel("Name").fill("Shape input");
  const mapping = inspector.getByLabel("Mapping");
  await mapping.fill("$.input.(");
  await expect(inspector.getByText(/Syntax error at \d+/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Problems: 1 error/ })).toBeVisible();
  await mapping.fill("");
  await mapping.pressSequentially("$.inp");
  await expect(page.getByRole("option", { name: /\$\.input/ }).first()).toBeVisible();
  await mapping.press("Enter");
  await expect(mapping).toHaveValue("$.input");
  await mapping.fill('{ "amount": $.input.amount }');
  await expect(inspector.getByText(/Syntax error/)).toHaveCount(0);
  await canvasNode(page, "HTTP request").click();
  await inspector.getByLabel("URL").fill("https://scores.example.com/{{ $.steps.`Shape input`.output.amount }}");
  await inspector.getByLabel("Retry on failure").click();
  await inspector.getByLabel("Max attempts").fill("4");
  await expect(page.getByRole("button", { name: /Problems: No problems/ })).toBeVisible();
  await expectSaved(page);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 1" });
  await dialog.getByLabel("What changed?").fill("First version");
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("v1 published")).toBeVisible();

  await page.reload();
  await expect(canvasNodes(page)).toHaveCount(4);
  await expect(canvasEdges(page)).toHaveCount(4);
  await expect(page.getByText("v1 published")).toBeVisible();
  await expect(canvasNode(page, "Shape input")).toContainText('{ "amount": $.input.amount }');
  await canvasNode(page, "HTTP request").click();
  await expect(inspector.getByLabel("Max attempts")).toHaveValue("4");
  await expect(inspector.getByLabel("URL")).toHaveValue("https://scores.example.com/{{ $.steps.`Shape input`.output.amount }}");
});

test("undo and redo cover adding, configuring and deleting", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Undo redo", chainGraph([{ id: "t1", name: "Shape" }]));
  const page = await pageAs("designer");
  await openEditor(page, id);
  await expect(canvasNodes(page)).toHaveCount(3);

  await page.getByRole("button", { name: "Add Delay" }).click();
  await expect(canvasNodes(page)).toHaveCount(4);
  await canvasNode(page, "Shape").click();
  await page.getByRole("complementary", { name: "Inspector" }).getByLabel("Name").fill("Renamed");
  await expect(canvasNode(page, "Renamed")).toBeVisible();

  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("ControlOrMeta+z");
  await expect(canvasNode(page, "Shape")).toBeVisible();
  await page.keyboard.press("ControlOrMeta+z");
  await expect(canvasNodes(page)).toHaveCount(3);
  await page.keyboard.press("Shift+ControlOrMeta+z");
  await expect(canvasNodes(page)).toHaveCount(4);
  await page.keyboard.press("Shift+ControlOrMeta+z");
  await expect(canvasNode(page, "Renamed")).toBeVisible();

  await canvasNode(page, "Renamed").click();
  await page.keyboard.press("Delete");
  await expect(canvasNodes(page)).toHaveCount(3);
  await expect(canvasEdges(page)).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(canvasNode(page, "Renamed")).toBeVisible();
  await expect(canvasEdges(page)).toHaveCount(2);
  await expectSaved(page);
  const { graph } = await getDraft(api, id);
  expect(graph.nodes.map((n) => n.name).sort()).toEqual(["Delay", "End", "Renamed", "Start"]);
});

test("copy and paste nodes as JSON within a workflow and into another one", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const source = await createWorkflow(api, "Copy source", chainGraph([{ id: "score", name: "Score", expression: "$.input.amount * 2" }]));
  const target = await createWorkflow(api, "Paste target");
  const page = await pageAs("designer");
  await openEditor(page, source);

  await canvasNode(page, "Score").click();
  await page.keyboard.press("ControlOrMeta+c");
  await page.keyboard.press("ControlOrMeta+v");
  await expect(canvasNode(page, "Score 2")).toBeVisible();
  await expect(canvasNode(page, "Score 2")).toContainText("$.input.amount * 2");
  await expectSaved(page);

  await openEditor(page, target);
  await expect(canvasNodes(page)).toHaveCount(2);
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("ControlOrMeta+v");
  await expect(canvasNode(page, "Score")).toBeVisible();
  await expectSaved(page);
  const { graph } = await getDraft(api, target);
  expect(graph.nodes.find((n) => n.name === "Score")?.config).toEqual({ expression: "$.input.amount * 2" });
});

test("importing a file with problems lists every one of them; a valid file becomes a new workflow", async ({ pageAs }) => {
  const page = await pageAs("designer");
  await page.goto("/workflows");
  const broken = structuredClone(loanFixture);
  broken.nodes[1].config.url = "";
  broken.nodes[2].kind = "teleport";
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a workflow" });
  await dialog.getByLabel("File").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ format: "something-else", name: "", graph: broken })),
  });
  await dialog.getByRole("button", { name: "Import" }).click();
  const problems = dialog.getByRole("list", { name: "Import problems" });
  await expect(problems).toBeVisible();
  await expect(problems.getByText("format", { exact: true })).toBeVisible();
  await expect(problems.getByText("name", { exact: true })).toBeVisible();
  await expect(problems.getByText("graph.nodes[1].config.url")).toBeVisible();
  await expect(problems.getByText(/Unknown node kind "teleport"/)).toBeVisible();
  await expect(page).toHaveURL(/\/workflows$/);

  await dialog.getByLabel("File").setInputFiles([]);
  await dialog
    .getByLabel("Or paste JSON")
    .fill(JSON.stringify({ format: "switchyard.workflow", name: "Pasted loans", graph: loanFixture }));
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Pasted loans" })).toBeVisible();
  await expect(canvasNodes(page)).toHaveCount(loanFixture.nodes.length);
});

test("export downloads the workflow as JSON and importing that file recreates it losslessly", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Loan approval", loanFixture);
  const original = (await getDraft(api, id)).graph;
  const page = await pageAs("designer");
  await openEditor(page, id);
  await expect(canvasNodes(page)).toHaveCount(loanFixture.nodes.length);

  await page.getByRole("button", { name: "More actions" }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: "Export JSON" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("loan-approval.switchyard.json");
  const file = JSON.parse(readFileSync(await download.path(), "utf8")) as { format: string; name: string; graph: Graph };
  expect(file).toMatchObject({ format: "switchyard.workflow", name: "Loan approval", description: "" });
  expect(file.graph).toEqual(original);

  await page.goto("/workflows");
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a workflow" });
  await dialog.getByLabel("File").setInputFiles(await download.path());
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  const copyId = page.url().split("/").pop()!;
  expect(copyId).not.toBe(id);
  expect((await getDraft(api, copyId)).graph).toEqual(original);
});

test("an old version can be opened read-only and restored as the draft", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Versioned", chainGraph([{ id: "t1", name: "Alpha" }]));
  await publish(api, id, "Alpha release");
  await saveDraft(api, id, chainGraph([{ id: "t1", name: "Beta" }]));
  await publish(api, id, "Rename to Beta");

  const page = await pageAs("designer");
  await openEditor(page, id);
  await expect(canvasNode(page, "Beta")).toBeVisible();
  await page.getByRole("button", { name: "Versions" }).click();
  const sheet = page.getByRole("dialog", { name: "Versions" });
  const v1 = sheet.getByRole("listitem", { name: "Version 1" });
  await expect(sheet.getByRole("listitem", { name: "Version 2" })).toContainText("Rename to Beta");
  await expect(sheet.getByRole("listitem", { name: "Version 2" })).toContainText("1 node changed");
  await expect(v1).toContainText("Alpha release");
  await expect(v1).toContainText("Dana Designer");

  await v1.getByRole("button", { name: "Open" }).click();
  const preview = page.getByRole("dialog", { name: "Version 1 (read-only)" });
  await expect(preview.locator(".react-flow__node").filter({ hasText: "Alpha" })).toBeVisible();
  await preview.getByRole("button", { name: "Close" }).click();
  await expect(preview).toBeHidden();

  await v1.getByRole("button", { name: "Restore as draft" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click();
  await expect(canvasNode(page, "Alpha")).toBeVisible();
  await expect(canvasNode(page, "Beta")).toHaveCount(0);
  await page.reload();
  await expect(canvasNode(page, "Alpha")).toBeVisible();
});

test("two tabs editing the same draft: the second save offers to load the other version or keep its own", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Two tabs", chainGraph([{ id: "t1", name: "Shape" }]));
  const tabA = await pageAs("designer");
  const tabB = await pageAs("designer");
  await openEditor(tabA, id);
  await openEditor(tabB, id);

  await tabA.getByRole("button", { name: "Add Delay" }).click();
  await expectSaved(tabA);
  await tabB.getByRole("button", { name: "Add Join" }).click();
  const conflict = tabB.getByRole("dialog", { name: "This draft changed somewhere else" });
  await expect(conflict).toBeVisible();
  await expect(tabB.locator("[data-save-state]")).toHaveAttribute("data-save-state", "conflict");
  await conflict.getByRole("button", { name: "Load their version" }).click();
  await expect(conflict).toBeHidden();
  await expect(canvasNode(tabB, "Delay")).toBeVisible();
  await expect(canvasNode(tabB, "Join")).toHaveCount(0);

  // Now tab A is behind: its next edit conflicts, and it keeps its own version.
  await tabB.getByRole("button", { name: "Add Wait until" }).click();
  await expectSaved(tabB);
  await tabA.getByRole("button", { name: "Add Condition" }).click();
  const conflictA = tabA.getByRole("dialog", { name: "This draft changed somewhere else" });
  await conflictA.getByRole("button", { name: "Keep mine (overwrite)" }).click();
  await expect(conflictA).toBeHidden();
  await expectSaved(tabA);
  const names = (await getDraft(api, id)).graph.nodes.map((n) => n.name);
  expect(names).toContain("Condition");
  expect(names).not.toContain("Wait until");
});

test("a viewer sees the workflow read-only", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Viewer check", chainGraph([{ id: "t1", name: "Shape" }]));
  const page = await pageAs("viewer");
  await openEditor(page, id);
  await expect(page.getByText("Read only", { exact: true })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Node palette" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  await canvasNode(page, "Shape").click();
  await expect(page.getByRole("complementary", { name: "Inspector" }).getByLabel("Name")).toBeDisabled();
});

test("Run starts the published version with a generated input form and shows step status on the canvas", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const schema = { type: "object", required: ["amount"], properties: { amount: { type: "number", description: "Loan amount" } } };
  const id = await createWorkflow(
    api,
    "Runnable",
    chainGraph([{ id: "double", name: "Double", expression: '{ "doubled": $.input.amount * 2 }' }], schema),
  );
  const page = await pageAs("designer");
  await openEditor(page, id);

  await page.getByRole("button", { name: "Run", exact: true }).click();
  const first = page.getByRole("dialog", { name: "Publish before running" });
  await first.getByRole("button", { name: "Publish first" }).click();
  await page.getByRole("dialog", { name: "Publish version 1" }).getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("v1 published")).toBeVisible();

  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run version 1" });
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog.getByText("Required")).toBeVisible();
  await dialog.getByLabel("amount").fill("21");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog).toBeHidden();

  const run = page.getByRole("region", { name: "Run" });
  await expect(run.locator('[data-slot="status-badge"]').first()).toHaveAttribute("data-status", "succeeded");
  await expect(canvasNode(page, "Double").locator('[data-slot="node-run-status"]')).toHaveAttribute("data-status", "succeeded");
  await canvasNode(page, "Double").click();
  await expect(run.getByRole("heading", { name: "Double" })).toBeVisible();
  await expect(run).toContainText('"doubled": 42');
});

test("a template becomes a new, valid workflow", async ({ pageAs }) => {
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto("/workflows");
  // The header's button; an empty list shows a second one in its empty state (same dialog).
  await page.getByRole("button", { name: "Templates" }).first().click();
  const gallery = page.getByRole("dialog", { name: "Start from a template" });
  await gallery.getByRole("radio", { name: /Contract renewal/ }).click();
  await expect(gallery.getByLabel("Name")).toHaveValue("Contract renewal");
  await gallery.getByLabel("Name").fill("Supplier renewal");
  await gallery.getByRole("button", { name: "Create from template" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Supplier renewal" })).toBeVisible();
  await expect(canvasNodes(page)).toHaveCount(12);
  for (const name of ["Legal review", "Finance review", "Security review", "All reviews", "Renewal approval"]) {
    await expect(canvasNode(page, name)).toBeVisible();
  }
  await expect(page.getByRole("button", { name: /^Problems: (No problems|\d+ warnings?)$/ })).toBeVisible();
});

test("the workflow API checks roles, revisions, bodies and active runs", async ({ apiAs }) => {
  const designer = await apiAs("designer");
  const viewer = await apiAs("viewer");
  const graph = chainGraph([{ id: "t1", name: "Shape" }]);
  graph.nodes.splice(2, 0, {
    id: "ok",
    kind: "approval",
    name: "Sign off",
    position: { x: 640, y: 0 },
    config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Sign off", payload: "$.input" },
  });
  graph.edges = [
    { id: "a", source: "start", sourceHandle: "out", target: "t1", targetHandle: "in" },
    { id: "b", source: "t1", sourceHandle: "out", target: "ok", targetHandle: "in" },
    { id: "c", source: "ok", sourceHandle: "approved", target: "end", targetHandle: "in" },
  ];
  const id = await createWorkflow(designer, "API checks", graph);
  const url = `/api/v1/workflows/${id}`;

  expect((await viewer.get(url)).status()).toBe(200);
  expect((await viewer.patch(url, { data: { name: "Mine now" } })).status()).toBe(403);
  expect((await viewer.post(`${url}/publish`, { data: {} })).status()).toBe(403);
  expect((await viewer.delete(url)).status()).toBe(403);

  const stale = await designer.patch(url, { data: { graph, expectedRevision: 0 } });
  expect(stale.status()).toBe(409);
  expect(((await stale.json()) as { error: { details: { draft: { revision: number } } } }).error.details.draft.revision).toBe(1);
  expect((await designer.patch(url, { data: { graph: { ...graph, nodes: "nope" }, expectedRevision: 1 } })).status()).toBe(400);

  const published = await designer.post(`${url}/publish`, { data: { message: "v1" } });
  expect(published.status()).toBe(201);
  const versions = (await (await designer.get(`${url}/versions`)).json()) as { versions: { version: number; author: { name: string } }[] };
  expect(versions.versions).toMatchObject([{ version: 1, author: { name: "Dana Designer" } }]);

  const started = await designer.post("/api/v1/runs", { data: { workflowId: id, input: {} } });
  expect(started.status(), await started.text()).toBe(201);
  const runId = ((await started.json()) as { run: { id: string } }).run.id;
  const refused = await designer.delete(url);
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("workflow_has_active_runs");
  expect((await designer.post(`/api/v1/runs/${runId}/cancel`, { data: {} })).status()).toBe(200);
  expect((await designer.delete(url)).status()).toBe(200);
  expect((await designer.get(url)).status()).toBe(404);
});

test("the HTTP node's credential is picked by name from the stored credentials, with an empty state linking to Settings", async ({
  pageAs,
  apiAs,
}) => {
  const designer = await apiAs("designer");
  const graph = chainGraph([]);
  graph.nodes.splice(1, 0, {
    id: "call",
    kind: "http",
    name: "Call CRM",
    position: { x: 320, y: 0 },
    config: { method: "GET", url: "https://crm.example.com/x" },
  });
  graph.nodes[2].position = { x: 640, y: 0 };
  graph.edges = [
    { id: "a", source: "start", sourceHandle: "out", target: "call", targetHandle: "in" },
    { id: "b", source: "call", sourceHandle: "out", target: "end", targetHandle: "in" },
  ];
  const id = await createWorkflow(designer, "Credential pick", graph);
  const page = await pageAs("designer");

  // No credentials yet: the picker says so and links to Settings.
  await page.route("**/api/v1/credentials", (route) => route.fulfill({ json: { credentials: [] } }));
  await openEditor(page, id);
  await canvasNode(page, "Call CRM").click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await expect(inspector.getByText("No credentials yet — add one in Settings")).toBeVisible();
  await expect(inspector.getByRole("link", { name: "add one in Settings" })).toHaveAttribute("href", "/settings");
  await page.unroute("**/api/v1/credentials");

  // With a stored credential: chosen by name, saved as its id; the secret never reaches the page.
  const admin = await apiAs("admin");
  const name = `CRM token ${Date.now()}`;
  const created = await admin.post("/api/v1/credentials", { data: { name, secret: { type: "bearer", token: "s3cret-never-shown" } } });
  expect(created.status(), await created.text()).toBe(201);
  const credentialId = ((await created.json()) as { credential: { id: string } }).credential.id;
  await page.reload();
  await canvasNode(page, "Call CRM").click();
  const picker = inspector.getByLabel("Credential");
  await expect(picker.locator("option", { hasText: name })).toHaveCount(1);
  await picker.selectOption({ label: `${name} · Bearer token` });
  await expect
    .poll(async () => (await getDraft(designer, id)).graph.nodes.find((n) => n.id === "call")?.config.credentialId)
    .toBe(credentialId);
  await expectSaved(page);
  await expect(page.locator("body")).not.toContainText("s3cret-never-shown");
});

test("a run started after the draft changed is shown on the version it runs, not on the draft", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(
    api,
    "Pinned run",
    chainGraph([{ id: "double", name: "Double", expression: '{ "doubled": $.input.amount * 2 }' }]),
  );
  await publish(api, id, "v1");
  // The draft moves on: the step is renamed and a new one is added.
  const changed = chainGraph([
    { id: "double", name: "Double it", expression: '{ "doubled": $.input.amount * 2 }' },
    { id: "extra", name: "Extra step" },
  ]);
  await saveDraft(api, id, changed);

  const page = await pageAs("designer");
  await openEditor(page, id);
  await expect(canvasNode(page, "Extra step")).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run version 1" });
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog).toBeHidden();

  const pinned = page.getByRole("region", { name: "Run graph" });
  await expect(pinned).toContainText("The draft has changed since version 1");
  const ran = pinned.locator(".react-flow__node").filter({ hasText: "Double" });
  await expect(ran.locator('[data-slot="node-run-status"]')).toHaveAttribute("data-status", "succeeded");
  await expect(pinned.locator(".react-flow__node").filter({ hasText: "Extra step" })).toHaveCount(0);
  await ran.click();
  const run = page.getByRole("region", { name: "Run", exact: true });
  await expect(run.getByRole("heading", { name: "Double" })).toBeVisible();

  // Closing the run goes back to the draft, which has no run status drawn on it.
  await run.getByRole("button", { name: "Close run" }).click();
  await expect(pinned).toBeHidden();
  await expect(canvasNode(page, "Double it").locator('[data-slot="node-run-status"]')).toHaveCount(0);
});

test("the production server refuses a start or rerun whose credentials the caller's role may not use (403, nothing started)", async ({
  apiAs,
}) => {
  const admin = await apiAs("admin");
  const designer = await apiAs("designer");
  const name = `Admins only ${Date.now()}`;
  const created = await admin.post("/api/v1/credentials", {
    data: { name, secret: { type: "bearer", token: "admin-only-token" }, allowedRoles: ["admin"] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const credentialId = ((await created.json()) as { credential: { id: string } }).credential.id;
  const graph = chainGraph([]);
  graph.nodes.splice(1, 0, {
    id: "call",
    kind: "http",
    name: "Call ops",
    position: { x: 320, y: 0 },
    // Nobody listens there: the admin's run only has to start.
    config: { method: "GET", url: "http://127.0.0.1:9/ops", credentialId },
  });
  graph.nodes[2].position = { x: 640, y: 0 };
  graph.edges = [
    { id: "a", source: "start", sourceHandle: "out", target: "call", targetHandle: "in" },
    { id: "b", source: "call", sourceHandle: "out", target: "end", targetHandle: "in" },
  ];
  const id = await createWorkflow(designer, "Ops call", graph);
  expect((await designer.post(`/api/v1/workflows/${id}/publish`, { data: { message: "v1" } })).status()).toBe(201);

  const refused = await designer.post("/api/v1/runs", { data: { workflowId: id, input: {} } });
  expect(refused.status(), await refused.text()).toBe(403);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "credential_forbidden",
    message: expect.stringContaining(name),
  });
  const none = (await (await designer.get(`/api/v1/runs?workflowId=${id}`)).json()) as { runs: unknown[] };
  expect(none.runs).toEqual([]);

  const started = await admin.post("/api/v1/runs", { data: { workflowId: id, input: {} } });
  expect(started.status(), await started.text()).toBe(201);
  const runId = ((await started.json()) as { run: { id: string } }).run.id;
  // The policy is checked before anything else, so the run need not have finished to be refused.
  const rerun = await designer.post(`/api/v1/runs/${runId}/rerun`, { data: { nodeId: "call" } });
  expect(rerun.status(), await rerun.text()).toBe(403);
  expect(((await rerun.json()) as { error: { code: string } }).error.code).toBe("credential_forbidden");
});
