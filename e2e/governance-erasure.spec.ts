// An admin erases a data subject on the Settings page and sees the job finish with its report; the
// run's personal data is gone from the API afterwards, and a viewer never saw it unmasked.
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish, type Graph } from "./support/builder-helpers";

const graph: Graph = {
  schemaVersion: 1,
  nodes: [
    {
      id: "start",
      kind: "start",
      name: "Start",
      position: { x: 0, y: 0 },
      config: {
        subjectExpression: "$.input.applicantId",
        inputSchema: {
          type: "object",
          properties: { applicantId: { type: "string" }, name: { type: "string", "x-personal": true } },
        },
      },
    },
    { id: "greet", kind: "transform", name: "Greet", position: { x: 320, y: 0 }, config: { expression: '"Dear " & $.input.name' } },
    { id: "done", kind: "end", name: "Done", position: { x: 640, y: 0 }, config: { output: "$.steps.Greet.output" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "out", target: "greet", targetHandle: "in" },
    { id: "e2", source: "greet", sourceHandle: "out", target: "done", targetHandle: "in" },
  ],
};

test("an admin erases a data subject and sees the report; the personal data is gone", async ({ apiAs, pageAs }, testInfo) => {
  const tag = Date.now().toString(36);
  const applicantId = `APP-${tag}`;
  const name = `Ottoline Fairweather ${tag}`;
  const admin = await apiAs("admin");
  const viewer = await apiAs("viewer");
  const id = await createWorkflow(admin, `Applications ${tag}`, graph);
  await publish(admin, id, "erasure e2e");
  const started = await admin.post("/api/v1/runs", { data: { workflowId: id, input: { applicantId, name } } });
  expect(started.status(), await started.text()).toBe(201);
  const runId = ((await started.json()) as { run: { id: string } }).run.id;
  await expect(async () => {
    const res = await admin.get(`/api/v1/runs/${runId}`);
    expect(((await res.json()) as { run: { status: string } }).run.status).toBe("succeeded");
  }).toPass();
  // a viewer gets the run with the personal field masked by the server
  const seen = await (await viewer.get(`/api/v1/runs/${runId}`)).text();
  expect(seen).not.toContain(name);
  expect(seen).toContain("[personal]");

  const page = await pageAs("admin");
  await page.goto("/settings");
  await page.getByLabel("Data subject").fill(applicantId);
  await page.getByLabel("Reason").fill(`Request ${tag}`);
  await page.getByRole("button", { name: "Erase" }).click();
  const row = page
    .getByRole("table", { name: "Erasures" })
    .getByRole("row")
    .filter({ hasText: `Request ${tag}` });
  await expect(row.getByText("done")).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText("1 of 1")).toBeVisible();
  await expect(row.getByRole("list", { name: "Rows per table" })).toContainText("Run: 1");
  await expect(row.getByRole("list", { name: "Rows per table" })).toContainText("Step: 3");
  await page.screenshot({ path: testInfo.outputPath("erasure-report.png") });

  const after = await (await admin.get(`/api/v1/runs/${runId}`)).text();
  expect(after).not.toContain(name);
  expect(after).not.toContain(applicantId);
});
