// Settings → MCP servers: an admin adds a server pointing at a real MCP server (built with the SDK,
// started here, reached by the app through the SSRF-safe fetch with a bearer credential), sees its
// tools, refreshes them after the server changed, and deletes it. Screenshots at desktop and 375 px.
import { startFakeMcpServer, type FakeMcpServer } from "@/scripts/fake-mcp/server";
import { test, expect } from "./support/fixtures";
import { addMcpServer, deleteMcpServer, mcpServersPanel } from "./support/mcp-settings";

const TOKEN = "mcp-e2e-token-3c2b1a0f9e8d";
let mcp: FakeMcpServer;

test.beforeAll(async () => {
  mcp = await startFakeMcpServer({ expectToken: TOKEN });
});
test.afterAll(async () => {
  await mcp?.close();
});

test("an admin adds an MCP server with a credential and sees its tools", async ({ pageAs, apiAs }) => {
  const api = await apiAs("admin");
  const cred = await api.post("/api/v1/credentials", {
    data: { name: `MCP token ${Date.now()}`, secret: { type: "bearer", token: TOKEN } },
  });
  expect(cred.status()).toBe(201);
  const credentialName = ((await cred.json()) as { credential: { name: string } }).credential.name;
  const name = `Support tools ${Date.now()}`;

  const page = await pageAs("admin");
  await page.goto("/settings#mcp-servers");
  await addMcpServer(page, { name, url: mcp.url, credential: credentialName });
  const panel = mcpServersPanel(page);

  const tools = panel.getByRole("list", { name: `Tools of ${name}` });
  await expect(tools.getByRole("listitem")).toHaveText(["lookup", "refund", "evolving", "broken", "hang", "gated"]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await panel.screenshot({ path: "test-results/mcp-servers-desktop.png" });
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(tools).toBeVisible();
  await panel.screenshot({ path: "test-results/mcp-servers-375.png" });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Refresh fetches the list again (the server is reached each time, with the credential)
  const before = mcp.calls.size;
  await panel.getByRole("button", { name: `Refresh tools of ${name}` }).click();
  await expect(page.getByText(`Tools of ${name} refreshed`)).toBeVisible();
  expect(mcp.calls.size).toBe(before);

  // delete, confirmed
  await deleteMcpServer(page, name);
});

test("an unreachable server is saved and shows why its tools could not be listed", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.goto("/settings#mcp-servers");
  const name = `Nowhere ${Date.now()}`;
  await addMcpServer(page, { name, url: "http://127.0.0.1:9/mcp" });
  const panel = mcpServersPanel(page);
  await expect(panel.getByRole("alert").filter({ hasText: `Could not list the tools of "${name}"` })).toBeVisible();
});
