// The run view reads like a story: a failure an error edge took is shown as handled (its own
// colour, an error card with the code explained and what to do, raw JSON one click away) and the
// finished run shows no "Live"; steps are listed in the order they started with times to the
// millisecond; a sub-cent agent cost keeps its significant digits and the agent's decision is not a
// model; a 1,000-item Map's timeline renders only the rows in view.
import type { APIRequestContext } from "@playwright/test";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";

let seq = 0;
const unique = (name: string) => `${name} ${Date.now().toString(36)}${++seq}`;
const pos = (i: number, row = 0) => ({ x: i * 320, y: row * 160 });
const edge = (id: string, source: string, target: string, sourceHandle = "out", targetHandle = "in") => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});

async function published(api: APIRequestContext, name: string, graph: Graph): Promise<string> {
  const id = await createWorkflow(api, name, graph);
  await publish(api, id, "run story e2e");
  return id;
}

async function startRun(api: APIRequestContext, workflowId: string, input: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

test.describe.configure({ mode: "serial" });

test("a failure handled by an error edge reads as handled, with the code explained; steps in start order to the millisecond", async ({
  apiAs,
  pageAs,
  baseURL,
}) => {
  const designer = await apiAs("designer");
  const graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos(0), config: {} },
      { id: "zprep", kind: "transform", name: "Prepare", position: pos(1), config: { expression: "{ 'ref': $.input.customer }" } },
      {
        id: "call",
        kind: "http",
        name: "Call supplier",
        position: pos(2),
        config: { method: "GET", url: `${baseURL}/api/v1/this-route-does-not-exist`, headers: [], timeoutMs: 10_000, responseType: "json" },
      },
      { id: "afallback", kind: "transform", name: "Fallback", position: pos(3, 1), config: { expression: "{ 'fallback': true }" } },
      { id: "end", kind: "end", name: "Done", position: pos(3), config: { output: "$.steps.`Call supplier`.output" } },
      { id: "end2", kind: "end", name: "Done anyway", position: pos(4, 1), config: { output: "$.steps.Fallback.output" } },
    ],
    edges: [
      edge("e1", "start", "zprep"),
      edge("e2", "zprep", "call"),
      edge("e3", "call", "end"),
      edge("e4", "call", "afallback", "error"),
      edge("e5", "afallback", "end2"),
    ],
  } as Graph;
  const wf = await published(designer, unique("Supplier with fallback"), graph);
  const runId = await startRun(designer, wf, { customer: "GAMMA-3" });

  const page = await pageAs("viewer");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
  // a finished run is not "Live"
  await expect(page.getByRole("status").filter({ hasText: /Live|Connecting|Reconnecting/ })).toHaveCount(0);
  // the handled step: its own status on the canvas and on the timeline, not "Failed"
  await expect(page.locator('.react-flow__node[data-id="call"] [data-slot="node-run-status"]')).toHaveText("Handled");
  const timeline = page.getByTestId("run-timeline");
  await expect(timeline.getByRole("button", { name: /^Call supplier: handled/ })).toHaveAttribute("data-status", "handled");
  // start order (not alphabetical: the fallback's id sorts first, the preparation's last)
  await expect(timeline.locator("button[data-step-key]")).toHaveCount(5);
  expect(await timeline.locator("button[data-step-key]").evaluateAll((bs) => bs.map((b) => b.getAttribute("data-step-key")))).toEqual([
    "start",
    "zprep",
    "call",
    "afallback",
    "end2",
  ]);
  // times relative to the run's start, to the millisecond, absolute on hover
  const offsets = timeline.locator('[data-slot="step-offset"]');
  await expect(offsets.first()).toHaveText(/^\+\d+ ms$/);
  await expect(offsets.first()).toHaveAttribute("title", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);

  await timeline.getByRole("button", { name: /^Call supplier: handled/ }).click();
  const inspector = page.getByTestId("step-inspector");
  await expect(inspector.getByTestId("inspector-status")).toHaveText("Handled");
  const card = inspector.getByTestId("inspector-error");
  await expect(card).toHaveAttribute("data-handled", "true");
  await expect(card).toContainText("http_4xx");
  await expect(card).toContainText("The service rejected the request");
  await expect(card).toContainText("What to do");
  await expect(card).toContainText("attempt 1");
  await expect(card.getByText("Error details")).toBeHidden();
  await card.getByText("Raw error (JSON)").click();
  await expect(card.getByText("Error details")).toBeVisible();
  await expect(card).toContainText('"code": "http_4xx"');
  await page.keyboard.press("Escape");

  // the dashboard does not count it among failing steps
  const dash = await designer.get("/api/v1/dashboard?range=1h");
  expect(dash.status()).toBe(200);
  const data = (await dash.json()) as {
    failingSteps: { workflowId: string }[];
    failureByWorkflow: { workflowId: string; failed: number }[];
  };
  expect(data.failingSteps.filter((r) => r.workflowId === wf)).toEqual([]);
  expect(data.failureByWorkflow.find((r) => r.workflowId === wf)?.failed).toBe(0);
});

test.describe("agent cost", () => {
  let model: FakeModelServer;
  const KEY = "sk-e2e-story-key-1a2b3c4d5e6f";
  test.beforeAll(async () => {
    model = await startFakeModelServer({ expectApiKey: KEY, models: ["tiny-model"], logUnscripted: false });
  });
  test.afterAll(async () => {
    await model?.close();
  });

  test("a sub-cent agent cost keeps its significant digits; the agent's decision is named, not a model", async ({ apiAs, pageAs }) => {
    const admin = await apiAs("admin");
    const created = await admin.post("/api/v1/providers", {
      data: {
        name: unique("Tiny gateway"),
        baseUrl: model.url,
        apiKey: KEY,
        defaultModel: "tiny-model",
        models: [{ id: "tiny-model", inputPerMTok: 0.02, outputPerMTok: 0.06 }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const providerId = ((await created.json()) as { provider: { id: string } }).provider.id;
    const designer = await apiAs("designer");
    const config = {
      providerId,
      model: "",
      system: "You label tickets.",
      user: "{{ $.input.text }}",
      tools: [],
      responseSchema: null,
      temperature: null,
      maxOutputTokens: 100,
      maxToolRounds: 1,
      timeoutMs: 20_000,
      confidenceThreshold: 0,
      repairAttempts: 0,
      memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: false },
    };
    const graph = {
      schemaVersion: 1,
      nodes: [
        { id: "start", kind: "start", name: "Start", position: pos(0), config: {} },
        { id: "agent", kind: "agent", name: "Labeler", position: pos(1), config },
        { id: "done", kind: "end", name: "Done", position: pos(2), config: { output: "$.steps.Labeler.output.answer" } },
        { id: "human", kind: "end", name: "Human", position: pos(2, 1), config: { output: "'escalated'" } },
      ],
      edges: [edge("e1", "start", "agent"), edge("e2", "agent", "done", "ok"), edge("e3", "agent", "human", "escalate")],
    } as Graph;
    const wf = await published(designer, unique("Tiny labeler"), graph);
    model.reset();
    // 1,000 input tokens at $0.02/M + 100 output at $0.06/M = $0.000026
    model.script([
      {
        json: { answer: "billing", rationale: "mentions an invoice", confidence: 0.9 },
        usage: { prompt_tokens: 1000, completion_tokens: 100 },
      },
    ]);
    const runId = await startRun(designer, wf, { text: "Where is my invoice?" });

    const page = await pageAs("viewer");
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
    await expect(page.locator("header").filter({ has: page.getByRole("heading", { level: 1 }) })).toContainText("$0.000026");
    await page
      .getByTestId("run-timeline")
      .getByRole("button", { name: /^Labeler: succeeded/ })
      .click();
    const inspector = page.getByTestId("step-inspector");
    await expect(inspector.getByRole("tab", { name: /^Model calls \(1\) \+ \d+ agent step/ })).toBeVisible();
    await inspector.getByRole("tab", { name: /^Model calls/ }).click();
    await expect(inspector.getByRole("region", { name: "Model call 1" })).toContainText("$0.000026");
    await expect(inspector.getByText("Agent decision: ok")).toBeVisible();
    await expect(inspector.locator('[data-slot="badge"]').filter({ hasText: "decision:ok" })).toHaveCount(0);
    await page.keyboard.press("Escape");

    await page.goto("/dashboard?range=1h");
    const cost = page.getByTestId("panel-token-cost-by-workflow-and-model");
    await cost.getByRole("tab", { name: "Table" }).click();
    await expect(cost.getByRole("cell", { name: "tiny-model" }).first()).toBeVisible();
    await expect(cost.getByRole("cell", { name: /^(decision|tool|memory):/ })).toHaveCount(0);
  });
});

test("a 1,000-item Map's run view renders, with only the rows in view in the page", async ({ apiAs, pageAs }) => {
  test.setTimeout(180_000);
  const designer = await apiAs("designer");
  const graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos(0), config: {} },
      {
        id: "each",
        kind: "map",
        name: "Each item",
        position: pos(1),
        config: { items: "$.input.items", concurrency: 16, onItemError: "fail" },
      },
      { id: "double", kind: "transform", name: "Double", position: pos(2, 1), config: { expression: "$.item * 2" } },
      { id: "end", kind: "end", name: "Done", position: pos(3), config: { output: "$count($.steps.`Each item`.output)" } },
    ],
    edges: [
      edge("e1", "start", "each"),
      edge("e2", "each", "double", "body"),
      edge("e3", "double", "each", "out", "loop"),
      edge("e4", "each", "end", "done"),
    ],
  } as Graph;
  const wf = await published(designer, unique("Thousand items"), graph);
  const runId = await startRun(designer, wf, { items: Array.from({ length: 1000 }, (_, i) => i) });
  await expect(async () => {
    const res = await designer.get(`/api/v1/runs/${runId}`);
    expect(((await res.json()) as { run: { status: string } }).run.status).toBe("succeeded");
  }).toPass({ timeout: 150_000 });

  const page = await pageAs("viewer");
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${runId}`);
  const timeline = page.getByTestId("run-timeline");
  await expect(timeline).toHaveAttribute("data-rows", "1003");
  await expect(timeline).toHaveAttribute("data-virtual", "true");
  const rendered = await timeline.locator("button[data-step-key]").count();
  expect(rendered).toBeLessThan(120);
  // the Map, then its items in order, nested under it
  await expect(timeline.getByRole("button", { name: /^Each item: succeeded/ })).toBeVisible();
  await expect(timeline.getByRole("button", { name: /^Double \(each\[0\]\/double\): succeeded/ })).toBeVisible();
  // scrolling to the end brings the last item into the page
  await timeline.getByRole("list").evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(timeline.getByRole("button", { name: /^Double \(each\[999\]\/double\): succeeded/ })).toBeVisible();
  expect(await timeline.locator("button[data-step-key]").count()).toBeLessThan(120);
});
