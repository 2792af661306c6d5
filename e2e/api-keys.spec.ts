// API keys and the own password, in Chromium against the production server: a fresh designer creates
// a workflow-scoped key in Settings → API keys, copies it, starts a run with it from the test, sees its
// last use, revokes it in the UI and the next call gets 401; then changes their password, which ends
// their other session. Screenshots of both pages at 1440 and 375 px are attached to the report.
import { request as pwRequest, type Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createWorkflow, publish } from "./support/builder-helpers";

const email = `keys-${Date.now().toString(36)}@example.com`;
const firstPassword = "first-password-1";
const secondPassword = "second-password-2";

async function shoot(page: Page, name: string) {
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: 900 });
    // usable at 375 px: nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await test.info().attach(`${name}-${width}`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("create a key in the UI, use it, revoke it (401 at once), then change the password", async ({ apiAs, browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await apiAs("admin");
  const made = await admin.post("/api/v1/users", { data: { name: "Kim Keys", email, password: firstPassword, role: "designer" } });
  expect(made.status()).toBe(201);
  const designer = await apiAs("designer");
  const scoped = await createWorkflow(designer, `Key scope ${Date.now()}`);
  await publish(designer, scoped, "v1");
  const other = await createWorkflow(designer, `Other ${Date.now()}`);
  await publish(designer, other, "v1");

  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(firstPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/workflows$/);

  // The account menu leads to the keys page; a new user sees what to do next.
  await page.getByRole("button", { name: "Account menu for Kim Keys" }).click();
  await page.getByRole("menuitem", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  await shoot(page, "api-keys-empty");

  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  // a designer cannot pick a role above their own
  await expect(dialog.getByLabel("Role").locator("option")).toHaveText(["Designer", "Viewer"]);
  await dialog.getByLabel("Name").fill("CRM integration");
  await dialog.getByRole("checkbox", { name: /^Key scope / }).check();
  await shoot(page, "api-keys-create");
  await dialog.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: "Copy your new key" });
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "Copy key" }).click();
  await expect(shown.getByRole("status")).toHaveText("Copied to the clipboard.");
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toMatch(/^sy_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
  await expect(shown.getByLabel("New API key")).toHaveValue(secret);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();

  const item = page.getByRole("listitem", { name: "Key CRM integration" });
  await expect(item.getByText("Active")).toBeVisible();
  await expect(item.getByText(`sy_${secret.split("_")[1]}_…`)).toBeVisible();
  await expect(item.getByText("Last used: Never")).toBeVisible();
  // the secret is not on the page any more
  await expect(page.getByText(secret)).toHaveCount(0);

  // Use it from another program: no cookies, only the key.
  const client = await pwRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${secret}`, "user-agent": "crm-sync/1.0" },
  });
  const started = await client.post("/api/v1/runs", { data: { workflowId: scoped, input: {} } });
  expect(started.status(), await started.text()).toBe(201);
  expect((await client.post("/api/v1/runs", { data: { workflowId: other, input: {} } })).status()).toBe(403);

  await page.reload();
  await expect(item.getByText(/Last used: .*crm-sync\/1\.0/)).toBeVisible();
  await shoot(page, "api-keys-list");

  // Revoke in the UI (keyboard: the confirm button is focusable and answers Enter).
  await item.getByRole("button", { name: "Revoke CRM integration" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke “CRM integration”?" });
  await confirm.getByRole("button", { name: "Revoke key" }).focus();
  await page.keyboard.press("Enter");
  await expect(item.getByText("Revoked")).toBeVisible();
  expect((await client.post("/api/v1/runs", { data: { workflowId: scoped, input: {} } })).status()).toBe(401);
  await client.dispose();

  // Change the password: another session of the same user ends.
  const elsewhere = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL ?? "" } });
  expect((await elsewhere.post("/api/auth/sign-in/email", { data: { email, password: firstPassword } })).status()).toBe(200);
  expect((await elsewhere.get("/api/v1/api-keys")).status()).toBe(200);

  await page.getByRole("button", { name: "Account menu for Kim Keys" }).click();
  await page.getByRole("menuitem", { name: "Account and password" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await page.getByLabel("Current password").fill("wrong-password");
  await page.getByLabel("New password", { exact: true }).fill(secondPassword);
  await page.getByLabel("Confirm new password").fill(secondPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The current password is wrong." })).toBeVisible();
  await page.getByLabel("Current password").fill(firstPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
  await shoot(page, "account");

  expect((await elsewhere.get("/api/v1/api-keys")).status()).toBe(401);
  // this browser stays signed in
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("listitem", { name: "Key CRM integration" })).toBeVisible();
  expect((await elsewhere.post("/api/auth/sign-in/email", { data: { email, password: firstPassword } })).status()).toBe(401);
  expect((await elsewhere.post("/api/auth/sign-in/email", { data: { email, password: secondPassword } })).status()).toBe(200);
  await elsewhere.dispose();
  await context.close();
});
