// Menus, popovers and tooltips whose code loads on first use (components/ui/lazy-*.tsx) must work
// from the keyboard on that very first use: the trigger is a plain button until the code arrives,
// then the real one, and the focus must survive the swap.
import { test, expect } from "./support/fixtures";
import { createWorkflow, chainGraph } from "./support/builder-helpers";
import { users } from "./support/users";

test("the account menu, the notification bell and a toolbar tooltip open from the keyboard on first use", async ({ pageAs, apiAs }) => {
  const id = await createWorkflow(await apiAs("designer"), "Keyboard shell", chainGraph([{ id: "t", name: "Shape" }]));
  const page = await pageAs("designer");
  await page.goto(`/workflows/${id}`);

  const account = page.getByRole("button", { name: `Account menu for ${users.designer.name}` });
  await account.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toHaveCount(0);
  await expect(account).toBeFocused();

  const bell = page.getByTestId("notification-bell");
  await bell.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("heading", { name: "Notifications" })).toHaveCount(0);
  await expect(bell).toBeFocused();

  await page.getByRole("button", { name: "Auto-layout" }).focus();
  await expect(page.getByRole("tooltip").filter({ hasText: "Auto-layout" })).toBeVisible();
});
