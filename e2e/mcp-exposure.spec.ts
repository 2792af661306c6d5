// "Expose as MCP tool" on a workflow's settings: a designer offers a published workflow on
// /api/v1/mcp under a chosen tool name and description, the endpoint lists it at once, an admin sees
// it in Settings' list of exposed workflows, and the designer withdraws it. Screenshots at 1440 and 375 px.
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { chainGraph, createWorkflow, publish } from "./support/builder-helpers";

/** tools/list on Switchyard's MCP endpoint (stateless streamable HTTP) with the caller's session. */
async function listedTools(api: APIRequestContext): Promise<string> {
  const res = await api.post("/api/v1/mcp", {
    headers: { accept: "application/json, text/event-stream", "content-type": "application/json" },
    data: { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.text();
}

test("a designer exposes a published workflow as an MCP tool, an admin sees it listed, and it is withdrawn", async ({ pageAs, apiAs }) => {
  const api = await apiAs("designer");
  const stamp = Date.now();
  const tool = `quote_${stamp}`;
  const schema = { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] };
  const id = await createWorkflow(api, `Quote ${stamp}`, chainGraph([{ id: "t", name: "Double" }], schema));
  await publish(api, id, "first");

  const page = await pageAs("designer");
  await page.goto(`/workflows/${id}/settings`);
  const card = page.getByRole("region", { name: "Expose as MCP tool" });
  await expect(card.getByTestId("mcp-exposure-status")).toHaveText("Not offered on /api/v1/mcp.");
  await card.getByLabel("Expose the live version as an MCP tool").check();
  await card.getByLabel("Tool name").fill(tool);
  await card.getByLabel("Description for the calling agent").fill("Doubles the amount.");
  await card.getByRole("button", { name: "Save MCP exposure" }).click();
  await expect(card.getByTestId("mcp-exposure-status")).toHaveText(`Offered on /api/v1/mcp as the tool ${tool}.`);
  expect(await listedTools(api)).toContain(tool);

  await page.setViewportSize({ width: 1440, height: 900 });
  await card.screenshot({ path: "test-results/mcp-exposure-1440.png" });
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(card.getByLabel("Tool name")).toBeVisible();
  await card.screenshot({ path: "test-results/mcp-exposure-375.png" });
  await page.setViewportSize({ width: 1280, height: 900 });

  const admin = await pageAs("admin");
  await admin.goto("/settings");
  const exposed = admin.getByRole("list", { name: "Workflows exposed on /api/v1/mcp" });
  await expect(exposed.getByRole("listitem").filter({ hasText: tool })).toContainText("Doubles the amount.");
  await admin.setViewportSize({ width: 375, height: 800 });
  await exposed.screenshot({ path: "test-results/mcp-exposed-list-375.png" });

  await card.getByLabel("Expose the live version as an MCP tool").uncheck();
  await card.getByRole("button", { name: "Save MCP exposure" }).click();
  await expect(card.getByTestId("mcp-exposure-status")).toHaveText("Not offered on /api/v1/mcp.");
  expect(await listedTools(api)).not.toContain(tool);
});

test("a reviewer cannot change a workflow's MCP exposure", async ({ apiAs }) => {
  const api = await apiAs("designer");
  const id = await createWorkflow(api, `Hidden ${Date.now()}`, chainGraph([]));
  await publish(api, id, "first");
  const reviewer = await apiAs("reviewer");
  const res = await reviewer.put(`/api/v1/workflows/${id}/mcp`, { data: { expose: true } });
  expect(res.status()).toBe(403);
});
