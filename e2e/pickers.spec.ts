// Pickers instead of raw text: the agent's Provider and Model pickers fed by Settings (a provider
// that lists no models takes any name, with a warning), assignee pickers (approval assignees and
// escalation rows) offering only people and roles who can decide, the visual JSON-schema builder with its JSON view (builder → JSON → builder
// lossless, invalid JSON never loses the builder's state, an empty answer schema is not "null"), and
// `$.steps.<node>.output…` completions from upstream output shapes and the last run's output.
import { test, expect } from "./support/fixtures";
import { canvasNode, createWorkflow, expectSaved, getDraft, openEditor, publish, type Graph } from "./support/builder-helpers";

const edge = (id: string, source: string, sourceHandle: string, target: string) => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle: "in",
});
const agentConfig = (extra: Record<string, unknown> = {}) => ({
  providerId: null,
  model: "",
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
  ...extra,
});

test("provider, model and assignee pickers offer what exists and who can decide, by keyboard", async ({ apiAs, pageAs }, testInfo) => {
  const admin = await apiAs("admin");
  const tag = Date.now().toString(36);
  const add = async (name: string, models: string[]) => {
    const res = await admin.post("/api/v1/providers", {
      data: {
        name,
        baseUrl: "http://127.0.0.1:9/v1",
        apiKey: "k",
        defaultModel: models[0] ?? "house-model",
        models: models.map((id) => ({ id, inputPerMTok: 1, outputPerMTok: 2 })),
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { provider: { id: string; name: string } }).provider;
  };
  const listed = await add(`Listed ${tag}`, ["alpha-1", "alpha-2"]);
  const unlisted = await add(`Unlisted ${tag}`, []);

  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      { id: "assess", kind: "agent", name: "Assess", position: { x: 300, y: 0 }, config: agentConfig() },
      {
        id: "review",
        kind: "approval",
        name: "Review",
        position: { x: 600, y: 0 },
        config: { assignees: { users: [], roles: ["viewer"] }, instructions: "Check", payload: "$.input" },
      },
      { id: "end", kind: "end", name: "End", position: { x: 900, y: 0 }, config: {} },
    ],
    edges: [edge("e1", "start", "out", "assess"), edge("e2", "assess", "ok", "review"), edge("e3", "review", "approved", "end")],
  };
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Pickers ${tag}`, graph);
  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  const inspector = page.getByRole("complementary", { name: "Inspector" });

  await canvasNode(page, "Assess").click();
  const provider = inspector.getByLabel("Provider", { exact: true });
  await expect(provider.locator("option")).toContainText([/Default provider/, listed.name, unlisted.name]);
  await provider.selectOption(listed.id);

  // Model: a combobox of the provider's models, picked with the keyboard.
  const model = inspector.getByRole("combobox", { name: "Model", exact: true });
  await model.focus();
  await page.keyboard.press("ArrowDown");
  const choices = inspector.getByRole("listbox", { name: "Choices" });
  await expect(choices.getByRole("option")).toHaveText([/^alpha-1/, /^alpha-2/]);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(model).toHaveValue("alpha-2");
  await expect(choices).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("model-picker-1440.png") });

  // A provider that lists no models takes any name, with a warning.
  await provider.selectOption(unlisted.id);
  await model.fill("house-model-x");
  await expect(inspector.getByTestId("model-unchecked")).toContainText(`${unlisted.name} lists no models, so this name is not checked`);

  await expectSaved(page);
  const assess = (await getDraft(designer, id)).graph.nodes.find((n) => n.id === "assess")!;
  expect(assess.config).toMatchObject({ providerId: unlisted.id, model: "house-model-x" });

  // Fallback rows use the same pickers.
  await inspector.getByRole("button", { name: "Add fallback model" }).click();
  const fallback = inspector.getByRole("group", { name: "Fallback model 1" });
  await fallback.getByLabel("Provider").selectOption(listed.id);
  await fallback.getByRole("combobox", { name: "Model" }).fill("alp");
  await expect(fallback.getByRole("listbox").getByRole("option")).toHaveText([/^alpha-1/, /^alpha-2/]);
  await page.keyboard.press("Enter");
  await expect(fallback.getByRole("combobox", { name: "Model" })).toHaveValue("alpha-1");

  // Assignees: deciding roles only; the viewer role already there is marked and can be removed.
  await canvasNode(page, "Review").click();
  const assignees = inspector.getByRole("group", { name: "Assignees" });
  await expect(assignees.getByText("viewer (cannot decide)")).toBeVisible();
  await expect(assignees.getByRole("checkbox", { name: "admin" })).toBeVisible();
  await expect(assignees.getByRole("checkbox", { name: "reviewer" })).toBeVisible();
  await expect(assignees.getByRole("checkbox", { name: "designer" })).toHaveCount(0);
  await assignees.getByRole("checkbox", { name: "viewer (cannot decide)" }).click();
  await expect(assignees.getByText("viewer (cannot decide)")).toHaveCount(0);
  await assignees.getByRole("checkbox", { name: "reviewer" }).press("Space");

  const people = assignees.getByRole("combobox", { name: "People" });
  await people.focus();
  await page.keyboard.press("ArrowDown");
  const offered = assignees.getByRole("listbox");
  await expect(offered.getByRole("option", { name: /Ada Admin/ })).toBeVisible();
  await expect(offered.getByRole("option", { name: /Rui Reviewer/ })).toBeVisible();
  await expect(offered.getByRole("option", { name: /Vic Viewer|Dana Designer/ })).toHaveCount(0);
  await people.fill("Rui");
  await page.keyboard.press("Enter");
  await expect(assignees.getByRole("list", { name: "Assigned people" })).toContainText("Rui Reviewer");
  await page.screenshot({ path: testInfo.outputPath("assignee-picker-1440.png") });
  await expectSaved(page);
  const review = (await getDraft(designer, id)).graph.nodes.find((n) => n.id === "review")!;
  expect((review.config as { assignees: { users: string[]; roles: string[] } }).assignees.roles).toEqual(["reviewer"]);
  expect((review.config as { assignees: { users: string[] } }).assignees.users).toHaveLength(1);

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("pickers-375.png") });
});

test("escalation rows pick a role or person who can decide, and one who cannot is flagged", async ({ apiAs, pageAs }, testInfo) => {
  const tag = Date.now().toString(36);
  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "review",
        kind: "approval",
        name: "Review",
        position: { x: 300, y: 0 },
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions: "Check",
          payload: "$.input",
          escalation: [{ to: { type: "role", id: "viewer" }, afterMs: 3_600_000 }],
        },
      },
      { id: "end", kind: "end", name: "End", position: { x: 600, y: 0 }, config: {} },
    ],
    edges: [edge("e1", "start", "out", "review"), edge("e2", "review", "approved", "end"), edge("e3", "review", "rejected", "end")],
  };
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Escalation ${tag}`, graph);
  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await canvasNode(page, "Review").click();

  // The viewer role already there stays shown, marked, and the design-time check names the row.
  const row = inspector.getByRole("group", { name: "Escalation 1" });
  const target = row.getByRole("combobox", { name: "Escalate to" });
  await expect(target).toHaveValue("Role: viewer");
  await expect(target).toHaveAttribute("aria-invalid", "true");
  await expect(row.getByText("Role: viewer (cannot decide)")).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await expect(row.getByText('"Review": escalation 1 — the viewer role cannot decide approvals')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("escalation-picker-flagged-1440.png") });

  // Offered: deciding roles and the people who hold one, nobody else; picked by keyboard.
  await target.focus();
  await page.keyboard.press("ArrowDown");
  const offered = row.getByRole("listbox");
  await expect(offered.getByRole("option").nth(0)).toHaveText(/^Role: admin/);
  await expect(offered.getByRole("option").nth(1)).toHaveText(/^Role: reviewer/);
  await expect(offered.getByRole("option", { name: /Ada Admin/ })).toBeVisible();
  await expect(offered.getByRole("option", { name: /Rui Reviewer/ })).toBeVisible();
  await expect(offered.getByRole("option", { name: /Vic Viewer|Dana Designer|Role: viewer|Role: designer/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("escalation-picker-open-1440.png") });
  await target.fill("Rui");
  await page.keyboard.press("Enter");
  await expect(target).toHaveValue("Rui Reviewer");
  await expect(target).not.toHaveAttribute("aria-invalid", "true");
  await expect(inspector.getByText(/escalation 1 — /)).toHaveCount(0);

  // A second row starts empty and takes a role.
  await inspector.getByRole("button", { name: "Add escalation" }).click();
  const second = inspector.getByRole("group", { name: "Escalation 2" }).getByRole("combobox", { name: "Escalate to" });
  await expect(second).toHaveValue("");
  await second.fill("admin");
  await page.keyboard.press("Enter");
  await expect(second).toHaveValue("Role: admin");
  await page.screenshot({ path: testInfo.outputPath("escalation-picker-1440.png") });

  await expectSaved(page);
  const review = (await getDraft(designer, id)).graph.nodes.find((n) => n.id === "review")!;
  const escalation = (review.config as { escalation: { to: { type: string; id: string } }[] }).escalation;
  expect(escalation.map((e) => e.to.type)).toEqual(["user", "role"]);
  expect(escalation[0].to.id).not.toBe("");
  expect(escalation[1].to).toEqual({ type: "role", id: "admin" });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("escalation-picker-375.png") });
});

test("schema builder: fields to JSON and back are lossless, invalid JSON keeps the fields, an empty answer schema is not null", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const tag = Date.now().toString(36);
  const handWritten = {
    type: "object",
    title: "Application",
    properties: {
      applicant: {
        type: "object",
        "x-personal": true,
        properties: { name: { type: "string", minLength: 1 }, email: { type: "string", format: "email", "x-personal": true } },
        required: ["name"],
      },
      amount: { type: "number", description: "EUR", minimum: 0 },
      tier: { type: "string", enum: ["gold", "silver"] },
      lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
      either: { oneOf: [{ type: "string" }, { type: "integer" }] },
    },
    required: ["amount"],
    additionalProperties: false,
  };
  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      { id: "assess", kind: "agent", name: "Assess", position: { x: 300, y: 0 }, config: agentConfig() },
      { id: "end", kind: "end", name: "End", position: { x: 600, y: 0 }, config: {} },
    ],
    edges: [edge("e1", "start", "out", "assess"), edge("e2", "assess", "ok", "end")],
  };
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Schema builder ${tag}`, graph);
  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  const startSchema = async () => (await getDraft(designer, id)).graph.nodes.find((n) => n.id === "start")!.config.inputSchema;

  // Build with the fields: a required number, a string with allowed values and a description, a
  // nested object with a personal field, an array of integers.
  await canvasNode(page, "Start").click();
  const builder = inspector.getByRole("group", { name: "Input schema" });
  await builder.getByRole("button", { name: "Add field", exact: true }).click();
  const f1 = builder.getByRole("group", { name: "Field field1" });
  await f1.getByLabel("Field name").fill("amount");
  const amount = builder.getByRole("group", { name: "Field amount" });
  await amount.getByLabel("Type").selectOption("number");
  await amount.getByLabel("Required").check();

  await builder.getByRole("button", { name: "Add field", exact: true }).click();
  await builder.getByRole("group", { name: "Field field2" }).getByLabel("Field name").fill("tier");
  const tier = builder.getByRole("group", { name: "Field tier" });
  await tier.getByRole("button", { name: "Details" }).click();
  await tier.getByLabel("Description").fill("Customer tier");
  await tier.getByLabel(/Allowed values/).fill("gold, silver");

  await builder.getByRole("button", { name: "Add field", exact: true }).click();
  await builder.getByRole("group", { name: "Field field3" }).getByLabel("Field name").fill("customer");
  const customer = builder.getByRole("group", { name: "Field customer", exact: true });
  await customer.getByLabel("Type").first().selectOption("object");
  await customer.getByRole("button", { name: "Add field to customer" }).click();
  const nested = builder.getByRole("group", { name: "Field customer.field1" });
  await nested.getByLabel("Field name").fill("email");
  const email = builder.getByRole("group", { name: "Field customer.email" });
  await email.getByRole("button", { name: "Details" }).click();
  await email.getByLabel(/Personal data/).check();

  await builder.getByRole("button", { name: "Add field", exact: true }).click();
  await builder.getByRole("group", { name: "Field field4" }).getByLabel("Field name").fill("scores");
  const scores = builder.getByRole("group", { name: "Field scores" });
  await scores.getByLabel("Type", { exact: true }).selectOption("array");
  await scores.getByLabel("Item type").selectOption("integer");
  await page.screenshot({ path: testInfo.outputPath("schema-builder-fields-1440.png"), fullPage: true });

  const built = {
    type: "object",
    properties: {
      amount: { type: "number" },
      tier: { type: "string", description: "Customer tier", enum: ["gold", "silver"] },
      customer: { type: "object", properties: { email: { type: "string", "x-personal": true } } },
      scores: { type: "array", items: { type: "integer" } },
    },
    required: ["amount"],
  };
  await expectSaved(page);
  expect(await startSchema()).toEqual(built);

  // The JSON view shows exactly that.
  await builder.getByRole("tab", { name: "JSON" }).click();
  const json = builder.getByLabel("Schema JSON");
  expect(JSON.parse(await json.inputValue())).toEqual(built);

  // Invalid JSON: an error, nothing saved, the fields as they were.
  await json.fill('{ "type": "object", "properties": { ');
  await expect(builder.getByRole("alert")).toContainText("Invalid JSON");
  await builder.getByRole("tab", { name: "Fields" }).click();
  await expect(builder.getByRole("group", { name: "Field customer.email" }).getByLabel("Field name")).toHaveValue("email");
  await expect(builder.getByRole("group", { name: "Field tier" }).getByLabel(/Allowed values/)).toHaveValue("gold, silver");
  await expectSaved(page);
  expect(await startSchema()).toEqual(built);

  // A hand-written schema (x-personal, keywords the builder does not edit, a oneOf) survives the
  // builder: JSON → fields → an edit → JSON keeps everything else as written.
  await builder.getByRole("tab", { name: "JSON" }).click();
  await json.fill(JSON.stringify(handWritten, null, 2));
  await expect(builder.getByRole("alert")).toHaveCount(0);
  await builder.getByRole("tab", { name: "Fields" }).click();
  await expect(builder.getByRole("group", { name: "Field applicant.email" }).getByLabel(/Personal data/)).toBeChecked();
  await expect(builder.getByRole("group", { name: "Field either" })).toContainText("edit it in JSON");
  const amountField = builder.getByRole("group", { name: "Field amount" });
  await expect(amountField.getByLabel("Description")).toHaveValue("EUR");
  await amountField.getByLabel("Description").fill("Amount in EUR");
  await builder.getByRole("tab", { name: "JSON" }).click();
  const expected = structuredClone(handWritten);
  expected.properties.amount.description = "Amount in EUR";
  expect(JSON.parse(await json.inputValue())).toEqual(expected);
  await expectSaved(page);
  expect(await startSchema()).toEqual(expected);

  // The agent's empty answer schema: no "null" anywhere, a text answer until a schema is added.
  await canvasNode(page, "Assess").click();
  const answer = inspector.getByRole("group", { name: "Answer schema" });
  await expect(answer).toContainText("No schema: the agent answers in text.");
  await answer.getByRole("tab", { name: "JSON" }).click();
  await expect(answer.getByLabel("Schema JSON")).toHaveValue("");
  await expect(inspector.locator("textarea").filter({ hasText: /^null$/ })).toHaveCount(0);
  await answer.getByRole("tab", { name: "Fields" }).click();
  await answer.getByRole("button", { name: "Add a schema" }).click();
  await answer.getByRole("button", { name: "Add field to answer" }).click();
  await expectSaved(page);
  const assess = (await getDraft(designer, id)).graph.nodes.find((n) => n.id === "assess")!;
  expect(assess.config.responseSchema).toEqual({ type: "object", properties: { field1: { type: "string" } } });
  await page.screenshot({ path: testInfo.outputPath("answer-schema-1440.png") });
  await page.setViewportSize({ width: 768, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("schema-builder-768.png") });
});

test("expression fields complete $.steps.<node>.output fields from upstream shapes and the last run's output", async ({
  apiAs,
  pageAs,
}, testInfo) => {
  const tag = Date.now().toString(36);
  const graph: Graph = {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "shape",
        kind: "transform",
        name: "Shape",
        position: { x: 300, y: 0 },
        config: { expression: '{ "total": 12.5, "customer": { "name": "Ada" } }' },
      },
      {
        id: "score",
        kind: "agent",
        name: "Score",
        position: { x: 600, y: 0 },
        config: agentConfig({
          responseSchema: { type: "object", properties: { risk: { type: "string", enum: ["low", "high"] } }, required: ["risk"] },
        }),
      },
      { id: "next", kind: "transform", name: "Next", position: { x: 900, y: 0 }, config: { expression: "$.input" } },
      { id: "end", kind: "end", name: "End", position: { x: 1200, y: 0 }, config: {} },
    ],
    edges: [
      edge("e1", "start", "out", "shape"),
      edge("e2", "shape", "out", "score"),
      edge("e3", "score", "ok", "next"),
      edge("e4", "next", "out", "end"),
    ],
  };
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, `Completions ${tag}`, graph);
  await publish(designer, id, "v1");
  const started = await designer.post("/api/v1/runs", { data: { workflowId: id, input: {} } });
  expect(started.status(), await started.text()).toBe(201);
  const runId = ((await started.json()) as { run: { id: string } }).run.id;
  // The Shape step has run (the Score step after it may still be retrying its model call).
  await expect
    .poll(async () => {
      const res = await designer.get(`/api/v1/runs/${runId}`, { headers: { connection: "close" } });
      const body = (await res.json()) as { steps: { nodeId: string; status: string }[] };
      return body.steps.find((s) => s.nodeId === "shape")?.status;
    })
    .toBe("succeeded");

  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await canvasNode(page, "Next").click();
  const mapping = inspector.getByRole("combobox", { name: "Mapping" });
  await mapping.fill("");
  await mapping.pressSequentially("$.steps.Score.output.");
  const suggestions = inspector.getByRole("listbox", { name: "Suggestions" });
  await expect(suggestions.getByRole("option", { name: /^\$\.steps\.Score\.output\.answer\.risk/ })).toBeVisible();
  await mapping.pressSequentially("answer.r");
  await page.keyboard.press("Enter");
  await expect(mapping).toHaveValue("$.steps.Score.output.answer.risk");

  await mapping.fill("");
  await mapping.pressSequentially("$.steps.Shape.output.c");
  await expect(suggestions.getByRole("option", { name: /^\$\.steps\.Shape\.output\.customer\.name.*last run: string/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("completions-1440.png") });
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(mapping).toHaveValue("$.steps.Shape.output.customer.name");
});
