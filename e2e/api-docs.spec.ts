// The API reference page renders the OpenAPI document for any role, works with the keyboard (native
// disclosures), fits a phone screen, and links the JSON document it is built from.
import { test, expect } from "./support/fixtures";

test("any role reads the API reference: operations by tag, roles, fields and error codes", async ({ pageAs, apiAs }) => {
  const page = await pageAs("viewer");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "runs", exact: true })).toBeVisible();

  const startRun = page.locator("details#postRuns");
  const summary = startRun.locator("summary");
  await expect(summary).toContainText("/api/v1/runs");
  await expect(summary).toContainText("Start a run");
  await expect(summary).toContainText("admin, designer");
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(startRun).toHaveAttribute("open", "");
  await expect(startRun.getByText("versionId", { exact: true })).toBeVisible();
  await expect(startRun.getByRole("link", { name: "credential_forbidden" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("api-docs-1440.png"), fullPage: false });

  await startRun.getByRole("link", { name: "credential_forbidden" }).click();
  await expect(page.locator("#error-credential_forbidden")).toContainText("403");

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/api-docs#tag-runs");
  await expect(page.getByRole("heading", { name: "runs", exact: true })).toBeInViewport();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await page.screenshot({ path: test.info().outputPath("api-docs-375.png"), fullPage: false });

  const api = await apiAs("viewer");
  const res = await api.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/v1/runs/{runId}/cancel");
});
