// Streaming in Chromium: while an agent step runs, the step inspector shows the model's answer as the
// fake model writes it; the fake model holds the answer part-way until the test releases it, so the
// mid-answer checks hold however slow the machine is; a reload mid-answer gets the text so far; when
// the step ends the stored answer replaces the live text.
import type { APIRequestContext } from "@playwright/test";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";

const KEY = "sk-e2e-streaming-key-0a1b2c3d4e5f";
const ANSWER = "The outage covers the customer's window; refund the last invoice in full and apologise.";
let model: FakeModelServer;

test.beforeAll(async () => {
  model = await startFakeModelServer({ expectApiKey: KEY, logUnscripted: false });
});
test.afterAll(async () => {
  await model?.close();
});

async function provider(api: APIRequestContext): Promise<string> {
  const res = await api.post("/api/v1/providers", {
    data: { name: "Streaming fake", baseUrl: model.url, apiKey: KEY, defaultModel: "fake-model", models: [] },
  });
  expect([201, 409]).toContain(res.status());
  const list = (await (await api.get("/api/v1/providers")).json()) as { providers: { id: string; name: string }[] };
  return list.providers.find((p) => p.name === "Streaming fake")!.id;
}

function graph(providerId: string): Graph {
  const config = {
    providerId,
    model: "",
    system: "You triage support tickets.",
    user: "Ticket: {{ $.input.message }}",
    tools: [],
    responseSchema: null,
    temperature: null,
    maxOutputTokens: 300,
    maxToolRounds: 1,
    timeoutMs: 60_000,
    confidenceThreshold: 0.5,
    repairAttempts: 0,
    memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true },
  };
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: {} },
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

test("the step inspector shows the model's answer while it is written, and again after a reload", async ({ apiAs, pageAs }, info) => {
  const providerId = await provider(await apiAs("admin"));
  const designer = await apiAs("designer");
  const wf = await createWorkflow(designer, "Streaming triage", graph(providerId));
  await publish(designer, wf, "Streams its answer");
  model.reset();
  // JSON answer written 3 characters every 20 ms; after '{"answer":"The outage covers the' it waits for release()
  model.script([
    { json: { answer: ANSWER, rationale: "Status page.", confidence: 0.9 }, tokenDelayMs: 20, chunkChars: 3, holdAfterChars: 33 },
  ]);
  const page = await pageAs("designer");
  const res = await designer.post("/api/v1/runs", { data: { workflowId: wf, input: { message: "Charged during the outage" } } });
  expect(res.status(), await res.text()).toBe(201);
  const runId = ((await res.json()) as { run: { id: string } }).run.id;

  await page.goto(`/runs/${runId}`);
  await page.locator('.react-flow__node[data-id="agent"]').click();
  const inspector = page.getByTestId("step-inspector");
  const live = inspector.getByTestId("live-answer-text");
  await expect(live).toContainText('{"answer":"The outage');
  // the answer is still being written: the step has not ended
  await expect(inspector.getByTestId("inspector-status")).toHaveText("Running");
  await expect(inspector.getByRole("region", { name: "Model answer so far" })).toContainText("streaming…");
  await page.screenshot({ path: info.outputPath("live-answer-desktop.png") });

  // a reload mid-answer: the page reconnects and gets the text so far, then the rest
  await page.reload();
  await page.locator('.react-flow__node[data-id="agent"]').click();
  await expect(live).toContainText('{"answer":"The outage covers');
  await expect(inspector.getByTestId("inspector-status")).toHaveText("Running");

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: info.outputPath("live-answer-375.png") });

  // the model writes the rest; the step ends and the stored output takes the live text's place
  expect(model.held).toBe(1);
  model.release();
  await expect(inspector.getByTestId("inspector-status")).toHaveText("Succeeded", { timeout: 30_000 });
  await expect(live).toHaveCount(0);
  await inspector.getByRole("tab", { name: "Output" }).click();
  await expect(inspector).toContainText(ANSWER);
  expect(model.lastCall?.stream).toBe(true);
});
