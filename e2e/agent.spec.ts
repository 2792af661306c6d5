// Agents end to end: an admin points a provider at the fake OpenAI-compatible server (started here,
// reached by the app through the real `openai` client), an agent workflow runs, and the run shows
// the answer, rationale, confidence, tool calls and cost; what the agent remembered is listed and
// erased on the Memory page. The provider key never reaches a page or an API response.
import type { APIRequestContext } from "@playwright/test";
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
    data: { name, baseUrl: model.url, apiKey: KEY, defaultModel: "fake-model", models: [{ id: "fake-model", inputPerMTok: 1, outputPerMTok: 2 }] },
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
    tools: [{ name: "check_status", description: "Service status page", type: "http", method: "GET", url: `${model.origin}/health`, requiresApproval: false }],
    responseSchema: null,
    temperature: null,
    maxOutputTokens: 300,
    maxToolRounds: 3,
    timeoutMs: 20_000,
    confidenceThreshold: 0.5,
    repairAttempts: 1,
    memory: { enabled: true, subjectExpression: "$.input.customer", loadTurns: 5, saveTurns: true },
  };
  const inputSchema = { type: "object", required: ["customer", "message"], properties: { customer: { type: "string" }, message: { type: "string" } } };
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

test("an agent workflow runs and the run shows answer, rationale, confidence, tool calls and cost; memory can be erased", async ({ pageAs, apiAs }) => {
  const admin = await apiAs("admin");
  const provider = await ensureProvider(admin, "Fake gateway");
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, "Ticket triage agent", agentWorkflow(provider));
  await publish(designer, id, "First agent");

  model.reset();
  model.script([
    { toolCalls: [{ name: "check_status", arguments: {} }], content: "Checking the status page first.", usage: { prompt_tokens: 1200, completion_tokens: 40 } },
    { json: { answer: "Known outage; refund the last invoice.", rationale: "Status page reports an outage during the customer's window.", confidence: 0.87 }, usage: { prompt_tokens: 1500, completion_tokens: 60 } },
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

  await page.goto(`/memory?workflow=${id}`);
  await page.getByRole("navigation", { name: "Subjects" }).getByRole("button", { name: /cust-42/ }).click();
  const memory = page.getByRole("region", { name: "Memory of cust-42" });
  await expect(memory).toContainText("I was charged during your outage.");
  await expect(memory).toContainText("Known outage; refund the last invoice.");
  await memory.getByRole("button", { name: "Erase subject" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Erase" }).click();
  await expect(page.getByText("Erased 1 entry about cust-42")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Subjects" }).getByRole("button", { name: /cust-42/ })).toHaveCount(0);
});
