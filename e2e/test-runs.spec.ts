// Test runs of the draft in Chromium: pin an HTTP node's output by hand, start a test run of the
// unpublished draft (the local HTTP stub sees no call), see it on the canvas, find it in the runs list
// only with "Show test runs"; then Run one step of an HTTP node against the stub and pin its result.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect } from "./support/fixtures";
import { canvasNode, createWorkflow, expectSaved, openEditor, type Graph } from "./support/builder-helpers";

interface Stub {
  url: string;
  paths: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server standing in for a remote API: answers `{ score: 88 }` and records each path. */
async function startStub(): Promise<Stub> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      paths.push(req.url ?? "/");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ score: 88 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Start → Fetch (HTTP POST to the stub) → End returning Fetch's body. */
function httpGraph(url: string): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "fetch",
        kind: "http",
        name: "Fetch",
        position: { x: 320, y: 0 },
        config: { method: "POST", url, headers: [], body: "{ 'ask': 'score' }" },
      },
      { id: "end", kind: "end", name: "End", position: { x: 640, y: 0 }, config: { output: "$.steps.Fetch.output.body" } },
    ],
    edges: [
      { id: "e0", source: "start", sourceHandle: "out", target: "fetch", targetHandle: "in" },
      { id: "e1", source: "fetch", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

let stub: Stub;
test.beforeAll(async () => {
  stub = await startStub();
});
test.afterAll(async () => {
  await stub.close();
});

test("a test run of an unpublished draft reuses the pinned HTTP output: the stub sees no call", async ({ pageAs, apiAs }, testInfo) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Pinned score", httpGraph(`${stub.url}/pinned`));
  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Pin Fetch's output by hand in the inspector.
  await canvasNode(page, "Fetch").click();
  const section = page.getByRole("region", { name: "Pinned data" });
  await expect(section).toContainText("Not pinned: test runs run this node.");
  await section.getByRole("button", { name: "Pin output by hand" }).click();
  await section.getByLabel("Pinned output (JSON)").fill('{ "status": 200, "headers": {}, "body": { "score": 12, "from": "pin" } }');
  await section.getByRole("button", { name: "Save pin" }).click();
  await expect(section.getByLabel("Pinned output")).toContainText('"from": "pin"');
  const badge = page.getByRole("img", { name: "Fetch: output pinned" });
  await expect(badge).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("pinned-1440.png") });

  // Test run of the draft (never published).
  await page.getByRole("button", { name: "Test run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Test run of the draft" });
  await dialog.getByRole("button", { name: "Start test run" }).click();
  await expect(dialog).toBeHidden();
  const panel = page.getByRole("region", { name: "Run" });
  await expect(panel.getByRole("heading", { name: "Test run" })).toBeVisible();
  await expect(panel).toContainText("Succeeded", { timeout: 20_000 });
  await expect(panel).toContainText("Draft (not published)");
  await canvasNode(page, "Fetch").click();
  await expect(panel.getByLabel("Step Fetch")).toContainText('"pinned": true');
  await expect(panel.getByLabel("Step Fetch")).toContainText('"from": "pin"');
  await page.screenshot({ path: testInfo.outputPath("test-run-1440.png") });
  expect(stub.paths.filter((p) => p === "/pinned")).toEqual([]);
  await expect(page.getByTestId("version-badge")).not.toContainText("published");

  // Kept out of the runs list until "Show test runs".
  await page.goto(`/runs?workflowId=${id}`);
  await expect(page.getByRole("link", { name: /^[0-9a-f]{8}/ })).toHaveCount(0);
  // the filter navigates (the URL carries it), so click and wait for the URL rather than check()
  await page.getByRole("checkbox", { name: "Show test runs" }).click();
  await expect(page).toHaveURL(/test=include/);
  await expect(page.getByRole("checkbox", { name: "Show test runs" })).toBeChecked();
  const rows = page.getByRole("row").filter({ hasText: "Pinned score" });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Test");
  await page.screenshot({ path: testInfo.outputPath("runs-test-filter-1440.png") });
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(rows.first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("runs-test-filter-375.png"), fullPage: true });

  // An API key never starts a test run; the snapshot is no published version.
  const versions = await api.get(`/api/v1/workflows/${id}/versions`);
  expect(((await versions.json()) as { versions: unknown[] }).versions).toEqual([]);
});

test("run one step of an HTTP node against a local stub, then pin its output", async ({ pageAs, apiAs }, testInfo) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "One step", httpGraph(`${stub.url}/one-step`));
  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectSaved(page);

  await canvasNode(page, "Fetch").click();
  const section = page.getByRole("region", { name: "Pinned data" });
  await section.getByRole("button", { name: "Run this step" }).click();
  const result = section.getByRole("status", { name: "Step result" });
  await expect(result).toContainText("Succeeded", { timeout: 20_000 });
  await expect(result.getByLabel("Step output")).toContainText('"score": 88');
  await expect(result.getByLabel("Step request")).toContainText('"ask": "score"');
  expect(stub.paths.filter((p) => p === "/one-step")).toHaveLength(1);
  await page.screenshot({ path: testInfo.outputPath("run-one-step-1440.png") });

  await result.getByRole("button", { name: "Pin this output" }).click();
  await expect(page.getByRole("img", { name: "Fetch: output pinned" })).toBeVisible();
  await expect(section.getByLabel("Pinned output")).toContainText('"score": 88');
  // nothing was stored as a run
  const runs = await api.get(`/api/v1/runs?workflowId=${id}&test=include`);
  expect(((await runs.json()) as { runs: unknown[] }).runs).toEqual([]);

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("editor-pinned-375.png") });
});
