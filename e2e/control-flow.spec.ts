// Control flow in the browser: a Map whose item parks on an approval that a reviewer decides in the
// inbox (the run view then lists every item's steps), a rejection that compensates completed work,
// and a Loop drawn on the canvas with its loop-back edge, valid and publishable. Workflows are set
// up through the API; people work in the browser.
import type { APIRequestContext, Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { canvasEdges, canvasNode, createWorkflow, expectSaved, openEditor, publish, type Graph } from "./support/builder-helpers";

let seq = 0;
const unique = (name: string) => `${name} ${Date.now().toString(36)}${++seq}`;
const at = (x: number, y: number) => ({ x, y });
const edge = (id: string, source: string, target: string, sourceHandle = "out", targetHandle = "in") => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});

async function startRun(api: APIRequestContext, workflowId: string, input: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

const runStatus = (page: Page) => page.getByTestId("run-status");

test("a Map item waits for a reviewer in the inbox; the other items finish; the run view lists every item's steps", async ({
  apiAs,
  pageAs,
}) => {
  const designer = await apiAs("designer");
  const title = unique("Check large order");
  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      {
        id: "start",
        kind: "start",
        name: "Start",
        position: at(0, 0),
        config: { inputSchema: { type: "object", properties: { orders: { type: "array" } } } },
      },
      {
        id: "orders",
        kind: "map",
        name: "Each order",
        position: at(240, 0),
        config: { items: "$.input.orders", concurrency: 2, onItemError: "fail" },
      },
      {
        id: "big",
        kind: "condition",
        name: "Large?",
        position: at(480, 0),
        config: { branches: [{ id: "large", label: "Large", expression: "$.item.amount > 100" }] },
      },
      {
        id: "check",
        kind: "approval",
        name: title,
        position: at(720, -80),
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions: "Order {{ $.item.id }} is {{ $.item.amount }} EUR.",
          payload: "$.item",
          separationOfDuties: false,
          escalation: [],
        },
      },
      {
        id: "ok",
        kind: "transform",
        name: "Accept",
        position: at(960, 0),
        config: { expression: "{ 'id': $.item.id, 'accepted': true }" },
      },
      { id: "end", kind: "end", name: "End", position: at(480, 240), config: { output: "$.steps.`Each order`.output" } },
    ],
    edges: [
      edge("e1", "start", "orders"),
      edge("e2", "orders", "big", "body"),
      edge("e3", "big", "check", "large"),
      edge("e4", "big", "ok", "else"),
      edge("e5", "check", "ok", "approved"),
      edge("e6", "ok", "orders", "out", "loop"),
      edge("e7", "orders", "end", "done"),
    ],
  };
  const workflowId = await createWorkflow(designer, unique("Orders"), graph);
  await publish(designer, workflowId, "map e2e");
  const runId = await startRun(designer, workflowId, {
    orders: [
      { id: "A", amount: 10 },
      { id: "B", amount: 500 },
      { id: "C", amount: 20 },
    ],
  });

  const reviewer = await pageAs("reviewer");
  await reviewer.goto("/inbox");
  const row = reviewer.getByTestId("task-row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await row.click();
  const panel = reviewer.getByTestId("task-panel");
  await expect(panel.getByTestId("task-instructions")).toContainText("Order B is 500 EUR.");
  await panel.getByRole("button", { name: "Approve", exact: true }).click();
  await reviewer.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  await expect(row).toHaveCount(0);

  const page = await pageAs("admin");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("Succeeded");
  for (const i of [0, 1, 2])
    await expect(page.getByRole("button", { name: new RegExp(`^Accept \\(orders\\[${i}\\]/ok\\): succeeded`) })).toBeVisible();
  await expect(page.getByRole("button", { name: new RegExp(`^${title} \\(orders\\[1\\]/check\\): succeeded`) })).toBeVisible();
  await page.getByRole("button", { name: /^Each order: succeeded/ }).click();
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByRole("tab", { name: "Output" }).click();
  await expect(inspector.getByText('"id": "B"')).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/run-map.png", fullPage: true });
});

test("a rejection routed to Compensate undoes the completed reservation; the run ends Compensated", async ({ apiAs, pageAs }) => {
  const designer = await apiAs("designer");
  const reviewer = await apiAs("reviewer");
  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: at(0, 0), config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "reserve",
        kind: "transform",
        name: "Reserve slot",
        position: at(240, 0),
        config: { expression: "{ 'slot': 'S-17' }" },
        undo: "release",
      },
      {
        id: "review",
        kind: "approval",
        name: unique("Confirm slot"),
        position: at(480, 0),
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions: "Confirm",
          payload: "$.steps.`Reserve slot`.output",
          separationOfDuties: false,
          escalation: [],
        },
      },
      { id: "comp", kind: "compensate", name: "Undo booking", position: at(720, 80), config: { reason: "Patient declined the slot" } },
      { id: "end", kind: "end", name: "End", position: at(720, -80), config: {} },
      {
        id: "release",
        kind: "transform",
        name: "Release slot",
        position: at(240, 200),
        config: { expression: "{ 'released': $.compensation.output.slot }" },
      },
    ],
    edges: [
      edge("e1", "start", "reserve"),
      edge("e2", "reserve", "review"),
      edge("e3", "review", "end", "approved"),
      edge("e4", "review", "comp", "rejected"),
    ],
  };
  const workflowId = await createWorkflow(designer, unique("Scheduling"), graph);
  await publish(designer, workflowId, "compensation e2e");
  const runId = await startRun(designer, workflowId, {});
  let taskId = "";
  await expect(async () => {
    const body = (await (await reviewer.get(`/api/v1/runs/${runId}`)).json()) as { tasks: { id: string; status: string }[] };
    taskId = body.tasks.find((t) => t.status === "open")?.id ?? "";
    expect(taskId).not.toBe("");
  }).toPass();
  const decided = await reviewer.post(`/api/v1/tasks/${taskId}/decide`, { data: { decision: "reject", comment: "Patient declined" } });
  expect(decided.status(), await decided.text()).toBe(200);

  const page = await pageAs("admin");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("Compensated");
  // The Compensate node carries its reason; the fitted run canvas is below zoom 1, where nodes render
  // compact (name only, components/editor/ARCHITECTURE.md), so the body text is in the node, not shown.
  await expect(page.locator('[data-slot="base-node-body"]', { hasText: "Patient declined the slot" })).toBeAttached();
  await page.getByRole("button", { name: /^Release slot \(reserve~undo\): succeeded/ }).click();
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByRole("tab", { name: "Output" }).click();
  await expect(inspector.getByText('"released": "S-17"')).toBeVisible();
});

test("a Loop on the canvas: its loop-back input closes the body, the validator accepts it, and it publishes", async ({ apiAs, pageAs }) => {
  const designer = await apiAs("designer");
  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: at(0, 0), config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "again",
        kind: "loop",
        name: "Until satisfied",
        position: at(260, 0),
        config: { condition: "$.loop.iteration < 3", maxIterations: 3 },
      },
      { id: "draft", kind: "transform", name: "Draft", position: at(520, 0), config: { expression: "$.loop.iteration" } },
      { id: "end", kind: "end", name: "End", position: at(520, 220), config: { output: "$.steps.`Until satisfied`.output" } },
    ],
    edges: [edge("e1", "start", "again"), edge("e2", "again", "draft", "body"), edge("e4", "again", "end", "done")],
  };
  const workflowId = await createWorkflow(designer, unique("Loop"), graph);
  const page = await pageAs("designer");
  await openEditor(page, workflowId);
  const loop = canvasNode(page, "Until satisfied");
  await expect(loop.getByLabel("Loop back input")).toBeVisible();
  // Without its loop-back edge the body is open: one error.
  await expect(page.getByRole("button", { name: /Problems: 1 error/ })).toBeVisible();
  await canvasNode(page, "Draft").getByLabel("Out output").dragTo(loop.getByLabel("Loop back input"));
  await expect(canvasEdges(page)).toHaveCount(4);
  await expect(page.getByRole("button", { name: /Problems: No problems/ })).toBeVisible();
  await expectSaved(page);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 1" });
  await dialog.getByLabel("What changed?").fill("Loop");
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("v1 published")).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/editor-loop.png" });
});
