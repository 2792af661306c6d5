// Settings → MCP servers, driven as an admin does it: the add dialog (streamable HTTP, the default
// transport, by URL, with a credential picked by name) and the confirmed delete.
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** The MCP servers panel of the Settings page (the page must be open). */
export const mcpServersPanel = (page: Page): Locator => page.locator("#mcp-servers");

export async function addMcpServer(page: Page, server: { name: string; url: string; credential?: string }): Promise<void> {
  await mcpServersPanel(page)
    .getByRole("button", { name: /Add (your first )?MCP server/ })
    .first()
    .click();
  const dialog = page.getByRole("dialog", { name: "Add MCP server" });
  await dialog.getByLabel("Name").fill(server.name);
  await expect(dialog.getByLabel("Transport")).toHaveValue("http");
  await dialog.getByLabel("URL").fill(server.url);
  if (server.credential) await dialog.getByLabel("Credential").selectOption({ label: server.credential });
  await dialog.getByRole("button", { name: "Add server" }).click();
  await expect(dialog).toBeHidden();
}

export async function deleteMcpServer(page: Page, name: string): Promise<void> {
  const panel = mcpServersPanel(page);
  await panel.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(panel.getByRole("heading", { name })).toHaveCount(0);
}
