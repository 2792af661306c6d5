// Settings → Credentials → OAuth client credentials, used by an MCP server: an admin types the client
// id, secret, token URL and scope in the form, attaches the credential to an MCP server (the SDK-built
// test server, which accepts only tokens the local OAuth server issued) and sees its tools. The client
// secret goes to the token endpoint and nowhere else: never into the page, the list or the edit form.
import { startFakeMcpServer, type FakeMcpServer } from "@/scripts/fake-mcp/server";
import { startFakeOAuthServer, type FakeOAuthServer } from "@/tests/helpers/fake-oauth";
import { test, expect } from "./support/fixtures";
import { addMcpServer, deleteMcpServer, mcpServersPanel } from "./support/mcp-settings";

const CLIENT_ID = "switchyard-e2e-client";
const CLIENT_SECRET = "cs-e2e-oauth-7d41c9a2b6f0";
let oauth: FakeOAuthServer;
let mcp: FakeMcpServer;

test.beforeAll(async () => {
  oauth = await startFakeOAuthServer({ id: CLIENT_ID, secret: CLIENT_SECRET });
  mcp = await startFakeMcpServer({ acceptToken: (t) => oauth.valid(t), authorizationServer: oauth.url });
});
test.afterAll(async () => {
  await mcp?.close();
  await oauth?.close();
});

test("an admin creates an OAuth client-credentials credential, attaches it to an MCP server and sees its tools; the secret is never shown back", async ({
  pageAs,
}) => {
  const page = await pageAs("admin");
  // Every answer the page receives from the API, to check none of them carries the secret.
  const bodies: Promise<string>[] = [];
  page.on("response", (res) => {
    if (res.url().includes("/api/")) bodies.push(res.text().catch(() => ""));
  });
  const credentialName = `CRM OAuth ${Date.now()}`;
  const serverName = `CRM tools ${Date.now()}`;

  await page.goto("/settings");
  const credentials = page.locator("[data-slot='card']", { has: page.getByRole("heading", { name: "Credentials", exact: true }) });
  await credentials
    .getByRole("button", { name: /Add (your first )?credential/ })
    .first()
    .click();
  const form = page.getByRole("dialog", { name: "Add credential" });
  await form.getByLabel("Name").fill(credentialName);
  await form.getByLabel("Type").selectOption({ label: "OAuth client credentials (MCP servers)" });
  await form.getByLabel("Client ID").fill(CLIENT_ID);
  await expect(form.getByLabel("Client secret")).toHaveAttribute("type", "password");
  await form.getByLabel("Client secret").fill(CLIENT_SECRET);
  await form.getByLabel("Token URL (optional)").fill(oauth.tokenUrl);
  await form.getByLabel("Scope (optional)").fill("tools:call");
  await form.getByRole("button", { name: "Add credential" }).click();
  await expect(form).toBeHidden();

  const row = credentials.getByRole("row").filter({ hasText: credentialName });
  await expect(row).toContainText("OAuth client credentials (MCP servers)");
  await expect(row).toContainText("Set");

  // Editing shows that a secret is set, not the secret (nor the client id: the whole secret is write-only).
  await row.getByRole("button", { name: `Edit ${credentialName}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${credentialName}` });
  await expect(edit.getByLabel("Client secret")).toHaveValue("");
  await expect(edit.getByLabel("Client secret")).toHaveAttribute("placeholder", "Set — type to replace");
  expect(await page.content()).not.toContain(CLIENT_SECRET);
  await page.keyboard.press("Escape");
  await expect(edit).toBeHidden();

  // Attach it to an MCP server: the app fetches a token with it, and the server lists its tools.
  await addMcpServer(page, { name: serverName, url: mcp.url, credential: credentialName });
  const servers = mcpServersPanel(page);

  const tools = servers.getByRole("list", { name: `Tools of ${serverName}` });
  await expect(tools.getByRole("listitem")).toHaveText(["lookup", "refund", "evolving", "broken", "hang", "gated"]);
  // The token came from the token URL typed in the form, for the scope typed there, the client
  // authenticated with the secret; the MCP server never had to refuse a request for want of a token.
  expect(oauth.requests.length).toBeGreaterThanOrEqual(1);
  expect(oauth.requests.every((r) => r.grantType === "client_credentials" && r.scope === "tools:call" && r.via !== "none")).toBe(true);
  expect(mcp.refusals).toBe(0);

  // Nowhere in the page or in anything the API sent it.
  await page.reload();
  await expect(tools.getByRole("listitem").first()).toBeVisible();
  expect(await page.content()).not.toContain(CLIENT_SECRET);
  const sent = await Promise.all(bodies);
  expect(sent.length).toBeGreaterThan(3);
  expect(sent.filter((b) => b.includes(CLIENT_SECRET))).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await servers.screenshot({ path: "test-results/mcp-oauth-server.png" });

  await deleteMcpServer(page, serverName);
});
