// Agents end to end: an admin points a provider at the fake OpenAI-compatible server (started here,
// reached by the app through the real `openai` client), an agent workflow runs, and the run shows
// the answer, rationale, confidence, tool calls and cost; what the agent remembered is listed and
// erased on the Memory page. The provider key never reaches a page or an API response.
import type { APIRequestContext, Page } from "@playwright/test";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { test, expect } from "./support/fixtures";
import { canvasNode, createWorkflow, openEditor, publish, type Graph } from "./support/builder-helpers";

const KEY = "sk-e2e-provider-key-9f8e7d6c5b4a";
let model: FakeModelServer;

test.beforeAll(async () => {
  model = await startFakeModelServer({ expectApiKey: KEY, models: ["fake-model", "fake-large"], logUnscripted: false });
});
test.afterAll(async () => {
  await model?.close();
});

async function providerId(api: APIRequestContext, name: string): Promise<string> {
  const res = await api.get("/api/v1/providers");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { providers: { id: string; name: string }[] };
  const p = body.providers.find((x) => x.name === name);
  if (!p) throw new Error(`provider ${name} not found`);
  return p.id;
}

async function ensureProvider(api: APIRequestContext, name: string): Promise<string> {
  const res = await api.post("/api/v1/providers", {
    data: {
      name,
      baseUrl: model.url,
      apiKey: KEY,
      defaultModel: "fake-model",
      models: [{ id: "fake-model", inputPerMTok: 1, outputPerMTok: 2 }],
    },
  });
  expect([201, 409]).toContain(res.status());
  return providerId(api, name);
}

function agentWorkflow(provider: string): Graph {
  const config = {
    providerId: provider,
    model: "",
    system: "You triage support tickets.",
    user: "Customer {{ $.input.customer }} writes: {{ $.input.message }}",
    tools: [
      {
        name: "check_status",
        description: "Service status page",
        type: "http",
        method: "GET",
        url: `${model.origin}/health`,
        requiresApproval: false,
      },
    ],
    responseSchema: null,
    temperature: null,
    maxOutputTokens: 300,
    maxToolRounds: 3,
    timeoutMs: 20_000,
    confidenceThreshold: 0.5,
    repairAttempts: 1,
    memory: { enabled: true, subjectExpression: "$.input.customer", loadTurns: 5, saveTurns: true },
  };
  const inputSchema = {
    type: "object",
    required: ["customer", "message"],
    properties: { customer: { type: "string" }, message: { type: "string" } },
  };
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema } },
      { id: "agent", kind: "agent", name: "Agent", position: { x: 320, y: 0 }, config },
      { id: "done", kind: "end", name: "Done", position: { x: 640, y: -80 }, config: { output: "$.steps.Agent.output.answer" } },
      { id: "human", kind: "end", name: "Needs a human", position: { x: 640, y: 120 }, config: { output: "$.steps.Agent.output" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "agent", targetHandle: "in" },
      { id: "e2", source: "agent", sourceHandle: "ok", target: "done", targetHandle: "in" },
      { id: "e3", source: "agent", sourceHandle: "escalate", target: "human", targetHandle: "in" },
    ],
  };
}

test("an admin adds a provider pointing at the fake server, tests it, and never sees the key again", async ({ pageAs, apiAs }) => {
  const page = await pageAs("admin");
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add provider" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add model provider" });
  await dialog.getByLabel("Name").fill("Fake gateway");
  await dialog.getByLabel("Base URL").fill(model.url);
  await dialog.getByLabel("API key").fill(KEY);
  await dialog.getByLabel("Default model").fill("fake-model");
  await dialog.getByRole("button", { name: "Add model" }).click();
  await dialog.getByLabel("Model 1 id").fill("fake-model");
  await dialog.getByLabel("Model 1 input price per million tokens").fill("1");
  await dialog.getByLabel("Model 1 output price per million tokens").fill("2");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole("row").filter({ hasText: "Fake gateway" });
  await expect(row.getByText("Set", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: "Test connection to Fake gateway" }).click();
  await expect(row.getByText(/Connected in \d+ ms · 2 models/)).toBeVisible();

  // a wrong base URL is refused with a clear message, nothing saved
  await row.getByRole("button", { name: "Edit Fake gateway" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Fake gateway" });
  await expect(edit.getByLabel("API key")).toHaveValue("");
  await expect(edit.getByLabel("API key")).toHaveAttribute("placeholder", "Set — leave blank to keep it");
  await edit.getByLabel("Base URL").fill("file:///etc/passwd");
  await edit.getByRole("button", { name: "Save provider" }).click();
  await expect(edit.getByRole("alert")).toContainText("http:// or https://");
  await page.keyboard.press("Escape");

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "Fake gateway" })).toBeVisible();
  expect(await page.content()).not.toContain(KEY);
  const api = await apiAs("admin");
  const id = await providerId(api, "Fake gateway");
  for (const url of ["/api/v1/providers", `/api/v1/providers/${id}`, "/api/v1/credentials", "/api/v1/memory"]) {
    const res = await api.get(url);
    expect(res.status(), url).toBe(200);
    expect(await res.text(), url).not.toContain(KEY);
  }
  const test = await api.post(`/api/v1/providers/${id}/test`, { data: {} });
  expect(await test.text()).not.toContain(KEY);
});

test("an agent workflow runs and the run shows answer, rationale, confidence, tool calls and cost; memory can be erased", async ({
  pageAs,
  apiAs,
}) => {
  const admin = await apiAs("admin");
  const provider = await ensureProvider(admin, "Fake gateway");
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, "Ticket triage agent", agentWorkflow(provider));
  await publish(designer, id, "First agent");

  model.reset();
  model.script([
    {
      toolCalls: [{ name: "check_status", arguments: {} }],
      content: "Checking the status page first.",
      usage: { prompt_tokens: 1200, completion_tokens: 40 },
    },
    {
      json: {
        answer: "Known outage; refund the last invoice.",
        rationale: "Status page reports an outage during the customer's window.",
        confidence: 0.87,
      },
      usage: { prompt_tokens: 1500, completion_tokens: 60 },
    },
  ]);

  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run version 1" });
  await dialog.getByLabel("customer").fill("cust-42");
  await dialog.getByLabel("message").fill("I was charged during your outage.");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog).toBeHidden();

  const run = page.getByRole("region", { name: "Run" });
  await expect(run.locator('[data-slot="status-badge"]').first()).toHaveAttribute("data-status", "succeeded");
  await canvasNode(page, "Agent").click();
  await expect(run.getByRole("heading", { name: "Agent" })).toBeVisible();
  await expect(run).toContainText('"answer": "Known outage; refund the last invoice."');
  await expect(run).toContainText('"rationale": "Status page reports an outage during the customer\'s window."');
  await expect(run).toContainText('"confidence": 0.87');
  await expect(run).toContainText('"name": "check_status"');
  // (1200 + 1500) input tokens at $1/M + (40 + 60) output tokens at $2/M
  await expect(run).toContainText('"costUsd": 0.0029');
  await expect(run).toContainText('"inputTokens": 2700');
  expect(model.callCount).toBe(2);
  expect(await page.content()).not.toContain(KEY);

  // the workflows list rolls the cost up per workflow (last 30 days and all time)
  await page.goto("/workflows");
  const wfRow = page.getByRole("row").filter({ hasText: "Ticket triage agent" });
  await expect(wfRow.getByRole("cell", { name: "$0.0029, 2800 tokens, last 30 days" })).toBeVisible();
  await expect(wfRow.getByRole("cell", { name: "$0.0029, 2800 tokens, all time" })).toBeVisible();

  await page.goto(`/memory?workflow=${id}`);
  await page
    .getByRole("navigation", { name: "Subjects" })
    .getByRole("button", { name: /cust-42/ })
    .click();
  const memory = page.getByRole("region", { name: "Memory of cust-42" });
  await expect(memory).toContainText("I was charged during your outage.");
  await expect(memory).toContainText("Known outage; refund the last invoice.");
  await memory.getByRole("button", { name: "Erase subject" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Erase" }).click();
  await expect(page.getByText("Erased 1 entry about cust-42")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Subjects" }).getByRole("button", { name: /cust-42/ })).toHaveCount(0);
});

function approvalWorkflow(provider: string): Graph {
  const g = agentWorkflow(provider);
  const agent = g.nodes.find((n) => n.id === "agent")!;
  agent.config = {
    ...agent.config,
    memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true },
    tools: [
      {
        name: "refund",
        description: "Refund part of the last invoice",
        type: "http",
        method: "GET",
        url: `${model.origin}/health?amount={{ $.args.amount }}`,
        requiresApproval: true,
        argsSchema: { type: "object", properties: { amount: { type: "number", maximum: 100 } }, required: ["amount"] },
      },
    ],
  };
  return g;
}

const taskPanel = (page: Page) => page.getByTestId("task-panel");

test("a tool call that needs approval waits in the inbox; the reviewer edits its arguments and the agent continues with the result", async ({
  pageAs,
  apiAs,
}) => {
  const admin = await apiAs("admin");
  const provider = await ensureProvider(admin, "Fake gateway");
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, "Refund agent", approvalWorkflow(provider));
  await publish(designer, id, "Refunds need a reviewer");

  model.reset();
  model.script([
    { toolCalls: [{ name: "refund", arguments: { amount: 50 } }], content: "The customer was charged twice; refund 50 EUR." },
    { json: { answer: "Refunded 40 EUR.", rationale: "The reviewer lowered the refund to the duplicated part.", confidence: 0.9 } },
  ]);
  const start = await designer.post("/api/v1/runs", { data: { workflowId: id, input: { customer: "cust-7", message: "Charged twice" } } });
  expect(start.status(), await start.text()).toBe(201);
  const runId = ((await start.json()) as { run: { id: string } }).run.id;

  const page = await pageAs("reviewer");
  await page.goto("/inbox");
  await page.getByTestId("task-row").filter({ hasText: "Agent: approve refund" }).click();
  const p = taskPanel(page);
  await expect(p.getByRole("heading", { name: "Agent: approve refund" })).toBeVisible();
  const fields = p.getByTestId("payload-fields");
  await expect(fields.locator('[data-field="tool"]')).toHaveText("refund");
  await expect(fields.locator('[data-field="arguments"]')).toContainText("50");
  await expect(fields.locator('[data-field="reason"]')).toHaveText("The customer was charged twice; refund 50 EUR.");
  expect(model.callCount).toBe(1);

  await p.getByRole("button", { name: "Edit and approve" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit and approve" });
  await dialog.getByLabel("Arguments").fill('{ "amount": 40 }');
  await dialog.getByRole("button", { name: "Review changes" }).click();
  const review = page.getByRole("dialog", { name: "Review your changes" });
  await expect(review.getByTestId("edit-diff")).toContainText("arguments");
  await review.getByRole("button", { name: "Approve with changes" }).click();
  await expect(page.getByText("Approved with your changes")).toBeVisible();

  type RunBody = {
    run: { status: string };
    steps: { stepKey: string; output: { toolCalls: { arguments: unknown; approval?: { proposedArguments?: unknown } }[] } | null }[];
  };
  const runBody = async () => (await (await designer.get(`/api/v1/runs/${runId}`, { headers: { connection: "close" } })).json()) as RunBody;
  await expect.poll(async () => (await runBody()).run.status).toBe("succeeded");
  const agentStep = (await runBody()).steps.find((s) => s.stepKey === "agent")!;
  expect(agentStep.output!.toolCalls[0]).toMatchObject({ arguments: { amount: 40 }, approval: { proposedArguments: { amount: 50 } } });
  // the model was called twice in all, and its second call carried the edited call's result
  expect(model.callCount).toBe(2);
  const toolMessage = (model.calls[1].messages as { role: string; content: string }[]).find((m) => m.role === "tool")!;
  expect(JSON.parse(toolMessage.content)).toMatchObject({ arguments: { amount: 40 }, result: { status: 200 } });
});
