// Small defects found while trying the app as reviewers and operators: each test fails on the old
// behaviour (a favicon 404, raw validator text on /runs, a credentials picker loading forever for a
// viewer, a problem message glued to its path, one-click role changes, aborted inbox requests).
import { test, expect } from "./support/fixtures";
import { chainGraph, createWorkflow } from "./support/builder-helpers";
import { approvalWorkflow, startRun, taskOf } from "./support/approval-flow";
import { password } from "./support/users";

test("/favicon.ico is an icon, and pages link one", async ({ pageAs, request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await res.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  const page = await pageAs("viewer");
  await page.goto("/runs");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /favicon\.ico|icon/);
});

test("bad /runs URL parameters are explained in plain words and ignored", async ({ pageAs }) => {
  const page = await pageAs("viewer");
  await page.goto("/runs?status=bogus&pageSize=7&sort=name");
  const notice = page.getByTestId("runs-url-problems");
  await expect(notice).toContainText("Part of this link was not understood");
  await expect(notice).toContainText("“bogus” is not a run status, so runs of every status are shown.");
  await expect(notice).toContainText("Runs cannot be sorted by “name”; they are sorted by start time.");
  await expect(notice).not.toContainText(/invalid|expected|option/i);
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
});

test("a viewer's HTTP-node inspector says the credentials list is not theirs to see instead of loading forever", async ({
  pageAs,
  apiAs,
}) => {
  const admin = await apiAs("admin");
  const created = await admin.post("/api/v1/credentials", {
    data: { name: `CRM token ${Date.now()}`, secret: { type: "bearer", token: "t0ken" } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const credentialId = ((await created.json()) as { credential: { id: string } }).credential.id;
  const graph = chainGraph([]);
  graph.nodes.splice(1, 0, {
    id: "call",
    kind: "http",
    name: "Call CRM",
    position: { x: 320, y: 0 },
    config: { method: "GET", url: "https://crm.example.com/x", credentialId },
  });
  graph.nodes[2].position = { x: 640, y: 0 };
  graph.edges = [
    { id: "a", source: "start", sourceHandle: "out", target: "call", targetHandle: "in" },
    { id: "b", source: "call", sourceHandle: "out", target: "end", targetHandle: "in" },
  ];
  const id = await createWorkflow(await apiAs("designer"), "Viewer reads an HTTP node", graph);

  const page = await pageAs("viewer");
  await page.setViewportSize({ width: 1600, height: 900 });
  const credentials = page.waitForResponse((r) => r.url().endsWith("/api/v1/credentials"));
  await page.goto(`/workflows/${id}`);
  await page.locator(".react-flow__node").filter({ hasText: "Call CRM" }).click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  expect((await credentials).status()).toBe(403);
  await expect(inspector.getByTestId("reference-forbidden")).toHaveText(
    "Your role cannot see the list of credentials; this node keeps the one it has.",
  );
  await expect(inspector.getByRole("option", { name: "Loading credentials…" })).toHaveCount(0);
});

test("a problem's message and its path read as separate words", async ({ pageAs, apiAs }) => {
  const graph = chainGraph([]);
  graph.nodes.splice(1, 0, {
    id: "big",
    kind: "condition",
    name: "Large?",
    position: { x: 320, y: 0 },
    config: { branches: [{ id: "large", label: "Large", expression: "* 2" }] },
  });
  graph.nodes[2].position = { x: 640, y: 0 };
  graph.edges = [
    { id: "a", source: "start", sourceHandle: "out", target: "big", targetHandle: "in" },
    { id: "b", source: "big", sourceHandle: "large", target: "end", targetHandle: "in" },
    { id: "c", source: "big", sourceHandle: "else", target: "end", targetHandle: "in" },
  ];
  const id = await createWorkflow(await apiAs("designer"), "Glued problem", graph);
  const page = await pageAs("designer");
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(`/workflows/${id}`);
  await page.getByRole("button", { name: /^Problems: \d+ error/ }).click();
  const problems = page.getByRole("region", { name: "Problems" });
  const item = problems.getByRole("button").filter({ hasText: "config.branches[0]" }).first();
  await expect(item).toBeVisible();
  // the accessible name (and copied text) has a space and brackets between message and path
  await expect(item).toHaveAccessibleName(/[\w.”"'] \(config\.branches\[0\][^)]*\)$/);
  await expect(item).not.toHaveAccessibleName(/[a-z]config\.branches/);
});

test("changing a role or disabling a user asks first, and the toast says what changed", async ({ pageAs, apiAs }) => {
  const admin = await apiAs("admin");
  const email = `rolechange-${Date.now().toString(36)}@example.com`;
  const res = await admin.post("/api/v1/users", { data: { name: "Riley Rolechange", email, password, role: "viewer" } });
  expect(res.status(), await res.text()).toBe(201);

  const page = await pageAs("admin");
  await page.goto("/settings");
  const role = page.getByLabel(`Role of ${email}`);
  await expect(role).toHaveValue("viewer");

  await role.selectOption("reviewer");
  const confirm = page.getByRole("alertdialog", { name: "Make Riley Rolechange a Reviewer?" });
  await expect(confirm).toContainText(`Riley Rolechange (${email}) is a Viewer now.`);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(role).toHaveValue("viewer");
  const listed = async () =>
    ((await (await admin.get("/api/v1/users")).json()) as { users: { email: string; role: string; disabled: boolean }[] }).users.find(
      (u) => u.email === email,
    );
  expect((await listed())?.role).toBe("viewer");

  await role.selectOption("reviewer");
  await confirm.getByRole("button", { name: "Make Reviewer" }).click();
  await expect(page.getByText("Riley Rolechange is now a Reviewer.")).toBeVisible();
  await expect(role).toHaveValue("reviewer");
  expect((await listed())?.role).toBe("reviewer");

  await page.getByRole("switch", { name: `${email} is active` }).click();
  const disable = page.getByRole("alertdialog", { name: "Disable Riley Rolechange?" });
  await expect(disable).toContainText("can no longer sign in");
  await disable.getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByText("Riley Rolechange is disabled and can no longer sign in.")).toBeVisible();
  await expect(page.getByRole("switch", { name: `${email} is active` })).not.toBeChecked();
  expect((await listed())?.disabled).toBe(true);
});

test("switching tasks in the inbox fetches the task once and aborts nothing", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId, title } = await approvalWorkflow(designer, "Switch");
  const runs = [await startRun(designer, workflowId, { customer: "A" }), await startRun(designer, workflowId, { customer: "B" })];
  const tasks = [await taskOf(designer, runs[0]), await taskOf(designer, runs[1])];

  const page = await pageAs("reviewer");
  await page.goto(`/inbox/${tasks[0]}`);
  const panel = page.getByTestId("task-panel");
  // the first load of a production page on a busy machine can take longer than the default
  await expect(panel).toContainText("Check the refund for A", { timeout: 30_000 });
  await expect(page.getByTestId("task-row").filter({ hasText: title })).toHaveCount(2);

  const requests: string[] = [];
  const aborted: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  page.on("requestfailed", (r) => aborted.push(`${new URL(r.url()).pathname} ${r.failure()?.errorText ?? ""}`));
  await page.locator(`[data-task-id="${tasks[1]}"]`).click();
  await expect(panel).toContainText("Check the refund for B");
  await page.locator(`[data-task-id="${tasks[0]}"]`).click();
  await expect(panel).toContainText("Check the refund for A");
  await page.locator(`[data-task-id="${tasks[1]}"]`).click();
  await expect(panel).toContainText("Check the refund for B");
  // one GET for the task not seen before; going back to a task already loaded uses the cache
  expect(
    requests.filter((r) => r.startsWith("GET /api/v1/tasks/")),
    requests.join("\n"),
  ).toEqual([`GET /api/v1/tasks/${tasks[1]}`]);
  expect(aborted, aborted.join("\n")).toEqual([]);
});
