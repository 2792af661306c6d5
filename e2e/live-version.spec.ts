// The live version: publish without making it live, then promote and roll back from the versions
// sheet in one click each; runs started by workflowId (what API calls and triggers do) follow it.
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { chainGraph, createWorkflow, openEditor, publish, saveDraft } from "./support/builder-helpers";

async function startByWorkflowId(api: APIRequestContext, workflowId: string): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input: {} } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { versionId: string } }).run.versionId;
}

async function versionIds(api: APIRequestContext, workflowId: string): Promise<Map<number, string>> {
  const res = await api.get(`/api/v1/workflows/${workflowId}/versions`);
  expect(res.status()).toBe(200);
  const { versions } = (await res.json()) as { versions: { id: string; version: number }[] };
  return new Map(versions.map((v) => [v.version, v.id]));
}

test("publish without going live, then promote and roll back from the versions sheet; runs by workflowId follow the live version", async ({
  pageAs,
  apiAs,
}, testInfo) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, "Live pointer", chainGraph([{ id: "t1", name: "Alpha" }]));
  await publish(api, id, "Alpha release");
  await saveDraft(api, id, chainGraph([{ id: "t1", name: "Beta" }]));

  const page = await pageAs("designer");
  await openEditor(page, id);
  await page.setViewportSize({ width: 1440, height: 900 });
  const badge = page.getByTestId("version-badge");
  await expect(badge).toHaveText("v1 published · live");

  // Publish v2 without making it live: API starts keep using v1.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 2" });
  await dialog.getByLabel("What changed?").fill("Rename to Beta");
  const makeLive = dialog.getByRole("checkbox", { name: "Make it live now" });
  await expect(makeLive).toBeChecked();
  await makeLive.click();
  await expect(makeLive).not.toBeChecked();
  await expect(dialog).toContainText("The live version stays as it is");
  await page.screenshot({ path: testInfo.outputPath("publish-dialog-1440.png") });
  await dialog.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(badge).toHaveText("v2 published · v1 live");

  const ids = await versionIds(api, id);
  expect(await startByWorkflowId(api, id)).toBe(ids.get(1));

  // Promote v2 from the versions sheet.
  await page.getByRole("button", { name: "Versions" }).click();
  const sheet = page.getByRole("dialog", { name: "Versions" });
  const v1 = sheet.getByRole("listitem", { name: "Version 1" });
  const v2 = sheet.getByRole("listitem", { name: "Version 2" });
  await expect(v1.getByText("Live", { exact: true })).toBeVisible();
  await expect(v1.getByTestId("live-since")).toContainText("made live by Dana Designer");
  await expect(v1.getByRole("button", { name: /Make live|Roll back/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("versions-before-promote-1440.png") });
  await v2.getByRole("button", { name: "Make live" }).click();
  await expect(v2.getByText("Live", { exact: true })).toBeVisible();
  await expect(v2.getByTestId("live-since")).toContainText("made live by Dana Designer");
  await expect(v1.getByText("Live", { exact: true })).toHaveCount(0);
  await expect(badge).toHaveText("v2 published · live");
  expect(await startByWorkflowId(api, id)).toBe(ids.get(2));

  // Roll back to v1: one click, runs already started keep their version.
  await v1.getByRole("button", { name: "Roll back to this" }).click();
  await expect(v1.getByText("Live", { exact: true })).toBeVisible();
  await expect(v2.getByRole("button", { name: "Make live" })).toBeVisible();
  await expect(badge).toHaveText("v2 published · v1 live");
  await page.screenshot({ path: testInfo.outputPath("versions-after-rollback-1440.png") });
  expect(await startByWorkflowId(api, id)).toBe(ids.get(1));

  // The sheet on a phone and a tablet.
  for (const width of [375, 768]) {
    await page.setViewportSize({ width, height: 800 });
    await expect(v1.getByText("Live", { exact: true })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath(`versions-${width}.png`) });
  }

  // After a reload the editor shows the same live version.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  await expect(badge).toHaveText("v2 published · v1 live");
});

test("only writers may change the live version; an unknown version is a 404 and changes nothing", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const id = await createWorkflow(designer, "Live guard", chainGraph([{ id: "t1", name: "Shape" }]));
  await publish(designer, id, "v1");
  await saveDraft(designer, id, chainGraph([{ id: "t1", name: "Shape 2" }]));
  const res = await designer.post(`/api/v1/workflows/${id}/publish`, { data: { message: "v2", makeLive: false } });
  expect(res.status()).toBe(201);
  expect(((await res.json()) as { live: boolean }).live).toBe(false);

  const viewer = await apiAs("viewer");
  expect((await viewer.post(`/api/v1/workflows/${id}/versions/2/live`)).status()).toBe(403);
  expect((await designer.post(`/api/v1/workflows/${id}/versions/7/live`)).status()).toBe(404);
  expect((await designer.post(`/api/v1/workflows/${id}/versions/0/live`)).status()).toBe(400);
  const ids = await versionIds(designer, id);
  expect(await startByWorkflowId(designer, id)).toBe(ids.get(1));

  const page = await pageAs("viewer");
  await openEditor(page, id);
  await page.getByRole("button", { name: "Versions" }).click();
  const sheet = page.getByRole("dialog", { name: "Versions" });
  await expect(sheet.getByRole("listitem", { name: "Version 1" }).getByText("Live", { exact: true })).toBeVisible();
  await expect(sheet.getByRole("button", { name: "Make live" })).toHaveCount(0);
});
