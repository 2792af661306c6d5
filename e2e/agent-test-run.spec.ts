// A test run of an agent draft against the fake model (scripts/fake-model): the designer test-runs
// the unpublished draft, the model answers once, the designer pins the agent's output from that run,
// and a second test run reuses the pin: the fake model sees no second call. And Run one step of the
// agent node alone: one model call, nothing stored as a run, the answer pinned from the result.
import type { APIRequestContext } from "@playwright/test";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { test, expect } from "./support/fixtures";
import { canvasNode, createWorkflow, expectSaved, openEditor, type Graph } from "./support/builder-helpers";

const KEY = "sk-e2e-test-run-key-1a2b3c";
const PROVIDER = "Fake model for test runs";
let model: FakeModelServer;

test.beforeAll(async () => {
  model = await startFakeModelServer({ expectApiKey: KEY, models: ["fake-model"], logUnscripted: false });
});
test.afterAll(async () => {
  await model?.close();
});

/** The fake model's provider, added once for the tests of this file. */
async function addProvider(admin: APIRequestContext): Promise<string> {
  const listed = (await (await admin.get("/api/v1/providers")).json()) as { providers: { id: string; name: string }[] };
  const existing = listed.providers.find((p) => p.name === PROVIDER);
  if (existing) return existing.id;
  const res = await admin.post("/api/v1/providers", {
    data: { name: PROVIDER, baseUrl: model.url, apiKey: KEY, defaultModel: "fake-model", models: [{ id: "fake-model" }] },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { provider: { id: string } }).provider.id;
}

function agentGraph(providerId: string): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "triage",
        kind: "agent",
        name: "Triage",
        position: { x: 320, y: 0 },
        config: {
          providerId,
          model: "fake-model",
          system: "You triage tickets.",
          user: "Ticket: the printer is on fire.",
          tools: [],
          responseSchema: null,
          temperature: null,
          maxOutputTokens: 200,
          maxToolRounds: 0,
          timeoutMs: 20_000,
          confidenceThreshold: 0.5,
          repairAttempts: 0,
          memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true },
        },
      },
      { id: "done", kind: "end", name: "Done", position: { x: 640, y: -80 }, config: { output: "$.steps.Triage.output.answer" } },
      { id: "human", kind: "end", name: "Needs a human", position: { x: 640, y: 120 }, config: { output: "$.steps.Triage.output" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "triage", targetHandle: "in" },
      { id: "e2", source: "triage", sourceHandle: "ok", target: "done", targetHandle: "in" },
      { id: "e3", source: "triage", sourceHandle: "escalate", target: "human", targetHandle: "in" },
    ],
  };
}

test("an agent draft test-runs against the fake model, its output is pinned, and the next test run reuses it without a model call", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const providerId = await addProvider(await apiAs("admin"));
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Agent test run ${Date.now().toString(36)}`, agentGraph(providerId));
  model.reset();
  model.script([
    {
      json: { answer: "Call facilities now.", rationale: "A fire is an emergency.", confidence: 0.93 },
      usage: { prompt_tokens: 50, completion_tokens: 20 },
    },
  ]);

  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectSaved(page);
  const panel = page.getByRole("region", { name: "Run" });

  // First test run of the unpublished draft: the model answers.
  await page.getByRole("button", { name: "Test run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Test run of the draft" });
  await dialog.getByRole("button", { name: "Start test run" }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole("heading", { name: "Test run" })).toBeVisible();
  await expect(panel).toContainText("Succeeded", { timeout: 30_000 });
  await canvasNode(page, "Triage").click();
  const step = panel.getByLabel("Step Triage");
  await expect(step).toContainText('"answer": "Call facilities now."');
  expect(model.callCount).toBe(1);
  await page.screenshot({ path: testInfo.outputPath("agent-test-run-1440.png") });

  // Pin the agent's output from that run.
  await step.getByRole("button", { name: "Pin this output" }).click();
  await expect(page.getByRole("img", { name: "Triage: output pinned" })).toBeVisible();
  const pins = await designer.get(`/api/v1/workflows/${id}/pins`);
  expect(pins.status()).toBe(200);
  const pin = ((await pins.json()) as { pins: { nodeId: string; output: { answer: string }; sourceRunId: string | null }[] }).pins[0];
  expect(pin).toMatchObject({ nodeId: "triage", output: { answer: "Call facilities now." } });
  expect(pin.sourceRunId).not.toBeNull();

  // Second test run: the pinned answer is reused; the model is not called again.
  await page.getByRole("button", { name: "Test run", exact: true }).click();
  await dialog.getByRole("button", { name: "Start test run" }).click();
  await expect(dialog).toBeHidden();
  await canvasNode(page, "Triage").click();
  await expect(step).toContainText('"pinned": true', { timeout: 30_000 });
  await expect(step).toContainText('"answer": "Call facilities now."');
  await expect(panel).toContainText("Succeeded");
  expect(model.callCount).toBe(1);
  expect(model.unscriptedCalls).toBe(0);
  await page.screenshot({ path: testInfo.outputPath("agent-test-run-pinned-1440.png") });

  // Both are test runs: none is in the production list, both are with "test=include".
  const prod = await designer.get(`/api/v1/runs?workflowId=${id}`);
  expect(((await prod.json()) as { runs: unknown[] }).runs).toEqual([]);
  const all = await designer.get(`/api/v1/runs?workflowId=${id}&test=include`);
  expect(((await all.json()) as { runs: { status: string }[] }).runs.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("agent-test-run-375.png") });
});

test("run one step of an agent node against the fake model: one model call, no run stored, the answer pinned", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const providerId = await addProvider(await apiAs("admin"));
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Agent one step ${Date.now().toString(36)}`, agentGraph(providerId));
  model.reset();
  model.script([{ json: { answer: "Evacuate the office.", rationale: "Fire.", confidence: 0.88 } }]);

  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectSaved(page);
  await canvasNode(page, "Triage").click();
  const section = page.getByRole("region", { name: "Pinned data" });
  await section.getByRole("button", { name: "Run this step" }).click();
  const result = section.getByRole("status", { name: "Step result" });
  await expect(result).toContainText("Succeeded", { timeout: 30_000 });
  await expect(result.getByLabel("Step output")).toContainText('"answer": "Evacuate the office."');
  await expect(result.getByLabel("Step request")).toContainText("the printer is on fire");
  expect(model.callCount).toBe(1);
  await page.screenshot({ path: testInfo.outputPath("agent-one-step-1440.png") });

  await result.getByRole("button", { name: "Pin this output" }).click();
  await expect(page.getByRole("img", { name: "Triage: output pinned" })).toBeVisible();
  const runs = await designer.get(`/api/v1/runs?workflowId=${id}&test=include`);
  expect(((await runs.json()) as { runs: unknown[] }).runs).toEqual([]);
  expect(model.unscriptedCalls).toBe(0);
});
