// Runs first (the "setup" project): the first-run setup page creates the admin on a fresh database,
// then the admin creates one user per other role in Settings, and each role's session is saved.
import { test, expect, request as pwRequest } from "@playwright/test";
import { roles } from "@/lib/auth/roles";
import { password, storageStatePath, users } from "./support/users";

test("first-run setup creates the admin and signs them in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Switchyard" })).toBeVisible();
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Name is required.")).toBeVisible();
  await page.getByLabel("Your name").fill(users.admin.name);
  await page.getByLabel("Email").fill(users.admin.email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: `Account menu for ${users.admin.name}` })).toBeVisible();
  // setup is closed once a user exists
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/(sign-in|workflows)$/);
});

test("admin adds a designer, a reviewer, a viewer and an auditor in Settings", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(users.admin.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();
  for (const role of ["designer", "reviewer", "viewer", "auditor"] as const) {
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add user" });
    await dialog.getByLabel("Name").fill(users[role].name);
    await dialog.getByLabel("Email").fill(users[role].email);
    await dialog.getByLabel("Initial password").fill(password);
    await dialog.getByLabel("Role").selectOption(role);
    await dialog.getByRole("button", { name: "Add user" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("cell", { name: users[role].email, exact: true })).toBeVisible();
    await expect(page.getByLabel(`Role of ${users[role].email}`)).toHaveValue(role);
  }
});

test("save a signed-in session per role", async ({ baseURL }) => {
  for (const role of roles) {
    const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL ?? "" } });
    const res = await ctx.post("/api/auth/sign-in/email", { data: { email: users[role].email, password } });
    expect(res.status(), `sign in as ${role}`).toBe(200);
    await ctx.storageState({ path: storageStatePath(role) });
    await ctx.dispose();
  }
});
