import { test, expect } from "./support/fixtures";
import { password, users } from "./support/users";

test("sign in, sign out, then sign in again", async ({ page }) => {
  // a fresh session of its own: signing out ends it on the server
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(users.designer.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("button", { name: `Account menu for ${users.designer.name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/runs?status=failed");
  // signed out on a deep link: sign-in remembers it and returns there afterwards
  await expect(page).toHaveURL((u) => u.pathname === "/sign-in" && u.searchParams.get("next") === "/runs?status=failed");
  await page.getByLabel("Email").fill(users.designer.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((u) => u.pathname === "/runs" && u.searchParams.get("status") === "failed");
  await page.goto("/");
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByRole("button", { name: "New workflow" }).first()).toBeVisible();
});

test("a wrong password shows one clear message that does not say which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(users.reviewer.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a viewer cannot reach designer actions: the UI hides them and the API refuses them", async ({ pageAs, apiAs }) => {
  const page = await pageAs("viewer");
  await page.goto("/workflows");
  await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "New workflow" })).toHaveCount(0);
  // exact: a workflow named "Audited …" by another spec is a link too
  await expect(page.getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit", exact: true })).toHaveCount(0);
  const settings = await page.goto("/settings");
  expect(settings?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

  const api = await apiAs("viewer");
  const res = await api.post("/api/v1/workflows", { data: { name: "Sneaky" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");

  const designer = await apiAs("designer");
  const ok = await designer.post("/api/v1/workflows", { data: { name: "Allowed" } });
  expect(ok.status()).toBe(201);
});

test("a designer creates a workflow from the empty state", async ({ pageAs }) => {
  const page = await pageAs("designer");
  await page.goto("/workflows");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Name is required.")).toBeVisible();
  await dialog.getByLabel("Name").fill("Loan intake");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
});
