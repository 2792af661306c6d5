// Design-time checks: each warning the validator gives against the workspace (an approval's Rejected
// and an agent's Escalate leading nowhere, a URL the SSRF policy refuses, an unknown provider and
// model, assignees who cannot decide, a deleted credential) shows in the Problems panel; they never
// block, and publishing lists them and asks to publish anyway. End nodes offer no retry settings.
import { test, expect } from "./support/fixtures";
import { canvasNode, createWorkflow, openEditor, type Graph } from "./support/builder-helpers";

const edge = (id: string, source: string, sourceHandle: string, target: string) => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle: "in",
});
const agent = (providerId: string, model: string) => ({
  providerId,
  model,
  system: "",
  user: "Assess {{ $.input }}",
  tools: [],
  responseSchema: null,
  temperature: null,
  maxOutputTokens: 300,
  maxToolRounds: 3,
  timeoutMs: 20_000,
  confidenceThreshold: 0.5,
  repairAttempts: 1,
  memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true },
});

test("each design-time warning shows in the Problems panel and the publish dialog lists them before publishing anyway", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const admin = await apiAs("admin");
  const created = await admin.post("/api/v1/providers", {
    data: {
      name: `Checks ${Date.now().toString(36)}`,
      baseUrl: "http://127.0.0.1:9/v1",
      apiKey: "k",
      defaultModel: "fake-model",
      models: [{ id: "fake-model", inputPerMTok: 1, outputPerMTok: 2 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const provider = ((await created.json()) as { provider: { id: string; name: string } }).provider;

  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "review",
        kind: "approval",
        name: "Review",
        position: { x: 300, y: 0 },
        config: { assignees: { users: ["no-such-user"], roles: ["viewer"] }, instructions: "Check", payload: "$.input" },
      },
      {
        id: "meta",
        kind: "http",
        name: "Metadata",
        position: { x: 600, y: 0 },
        config: { method: "GET", url: "http://169.254.169.254/latest/meta-data", credentialId: "deleted-credential" },
      },
      { id: "triage", kind: "agent", name: "Triage", position: { x: 900, y: 0 }, config: agent(provider.name, "") },
      { id: "assess", kind: "agent", name: "Assess", position: { x: 1200, y: 0 }, config: agent(provider.id, "gpt-nope") },
      { id: "end", kind: "end", name: "End", position: { x: 1500, y: 0 }, config: { output: "$.input" } },
    ],
    edges: [
      edge("e1", "start", "out", "review"),
      edge("e2", "review", "approved", "meta"),
      edge("e3", "meta", "out", "triage"),
      edge("e4", "triage", "ok", "assess"),
      edge("e5", "triage", "escalate", "assess"),
      edge("e6", "assess", "ok", "end"),
    ],
  };
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Checks ${Date.now().toString(36)}`, graph);
  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });

  const problemsButton = page.getByRole("button", { name: /^Problems: \d+ warnings$/ });
  await expect(problemsButton).toBeVisible();
  await problemsButton.click();
  const panel = page.getByRole("region", { name: "Problems" });
  const expected = [
    /Review.*nothing handles Rejected/,
    /Assess.*nothing handles Escalate/,
    /169\.254\.169\.254 is a link-local address/,
    /the viewer role cannot decide approvals/,
    /user no-such-user does not exist/,
    new RegExp(`Triage.*provider "${provider.name}" does not exist in Settings`),
    /Assess.*has no model "gpt-nope"/,
    /Metadata.*credential no longer exists/,
  ];
  for (const text of expected) await expect(panel.getByRole("listitem").filter({ hasText: text })).toHaveCount(1);
  await expect(panel.getByLabel("error")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("problems-panel-warnings-1440.png") });

  // Options that do nothing for a kind are not offered: End has no retry or step timeout; HTTP has both.
  await page.getByRole("button", { name: "Close problems" }).click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await canvasNode(page, "End").click();
  await expect(inspector.getByLabel("Name")).toHaveValue("End");
  await expect(inspector.getByLabel("Retry on failure")).toHaveCount(0);
  await expect(inspector.getByLabel("Step timeout")).toHaveCount(0);
  await canvasNode(page, "Metadata").click();
  await expect(inspector.getByLabel("Retry on failure")).toBeVisible();

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 1" });
  const warnings = dialog.getByTestId("publish-warnings");
  await expect(warnings).toContainText(/\d+ warnings — publish anyway\?/);
  for (const code of [
    "unhandled_output",
    "url_refused",
    "unknown_provider",
    "unknown_model",
    "assignee_cannot_decide",
    "missing_credential",
  ])
    await expect(warnings.locator(`li[data-code="${code}"]`).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("publish-confirm-warnings-1440.png") });
  await dialog.getByLabel("What changed?").fill("Despite the warnings");
  await dialog.getByRole("button", { name: "Publish anyway" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("version-badge")).toContainText("v1 published");
});
