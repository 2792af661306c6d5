// Webhooks end to end: a designer adds a webhook to the Start node in the editor, copies its URL and
// secret, publishes, and a signed delivery sent from the test starts a run that appears in the runs list.
import { createHmac } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { canvasNode, chainGraph, createWorkflow, expectSaved, openEditor } from "./support/builder-helpers";

function signStandard(secret: string, id: string, ts: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const sig = createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": `v1,${sig}`, "content-type": "application/json" };
}

test("a webhook created in the editor starts a run from a signed delivery, which appears in the runs list", async ({
  pageAs,
  apiAs,
  baseURL,
}) => {
  const api = await apiAs("designer");
  const wf = await createWorkflow(
    api,
    "Webhook intake",
    chainGraph([], { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] }),
  );
  const page = await pageAs("designer");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await openEditor(page, wf);

  await canvasNode(page, "Start").click();
  const triggers = page.getByRole("region", { name: "Triggers" });
  await triggers.getByRole("button", { name: "Add webhook" }).click();
  const hook = triggers.getByRole("listitem", { name: "Webhook trigger" });
  await expect(hook.getByLabel("Secret", { exact: true })).toHaveValue(/^whsec_/);

  await hook.getByRole("button", { name: "Copy webhook URL" }).click();
  await expect(hook.getByRole("button", { name: "Copy webhook URL copied" })).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toBe(await hook.getByLabel("URL", { exact: true }).inputValue());
  expect(url).toMatch(new RegExp(`^${baseURL}/api/v1/hooks/[A-Za-z0-9_-]{24}$`));
  await hook.getByRole("button", { name: "Copy webhook secret" }).click();
  await expect(hook.getByRole("button", { name: "Copy webhook secret copied" })).toBeVisible();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toBe(await hook.getByLabel("Secret", { exact: true }).inputValue());

  // "none" warns; back to Standard Webhooks.
  await hook.getByLabel("Verification", { exact: true }).selectOption("none");
  await expect(hook.getByRole("alert")).toContainText("Anyone who knows the URL");
  await hook.getByLabel("Verification", { exact: true }).selectOption("standard");
  await expect(hook.getByRole("alert")).toHaveCount(0);
  await hook.getByLabel("Mapping", { exact: true }).fill("{ 'amount': body.total }");
  await expectSaved(page);

  // Not published yet: the URL answers 404.
  const body = JSON.stringify({ total: 42 });
  const ts = Math.floor(Date.now() / 1000);
  const early = await api.post(url, { headers: signStandard(secret, "msg_early", ts, body), data: body });
  expect(early.status()).toBe(404);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 1" });
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("v1 published")).toBeVisible();

  await page.goto(`/runs?workflowId=${wf}`);
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();

  const res = await api.post(url, { headers: signStandard(secret, "msg_1", Math.floor(Date.now() / 1000), body), data: body });
  expect(res.status(), await res.text()).toBe(202);
  const { runId } = (await res.json()) as { runId: string };
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toBeVisible();

  const run = await api.get(`/api/v1/runs/${runId}`);
  expect(((await run.json()) as { run: { input: unknown; trigger: string } }).run).toMatchObject({
    input: { amount: 42 },
    trigger: "webhook",
  });

  // A wrong signature is refused and logged; the editor's deliveries log shows both.
  const bad = await api.post(url, {
    headers: signStandard(`whsec_${Buffer.alloc(32, 9).toString("base64")}`, "msg_2", ts, body),
    data: body,
  });
  expect(bad.status()).toBe(401);
  await openEditor(page, wf);
  await canvasNode(page, "Start").click();
  const hookAgain = page.getByRole("region", { name: "Triggers" }).getByRole("listitem", { name: "Webhook trigger" });
  await expect(hookAgain.getByText("The secret is hidden")).toBeVisible();
  await hookAgain.getByRole("button", { name: "Show deliveries" }).click();
  const deliveries = hookAgain.getByTestId("webhook-delivery");
  await expect(deliveries).toHaveCount(2);
  await expect(deliveries.filter({ hasText: "Not verified" })).toContainText("401");
  await expect(deliveries.filter({ hasText: "Verified" }).getByRole("link", { name: `Run ${runId.slice(0, 8)}` })).toBeVisible();
});

test("the Triggers panel fits the inspector column (320 px) with every kind of trigger, without horizontal scrolling", async ({
  pageAs,
  apiAs,
}) => {
  const api = await apiAs("designer");
  const wf = await createWorkflow(api, "Narrow triggers", chainGraph([]));
  const page = await pageAs("designer");
  await openEditor(page, wf);
  await canvasNode(page, "Start").click();
  const triggers = page.getByRole("region", { name: "Triggers" });
  await triggers.getByRole("button", { name: "Add webhook" }).click();
  await triggers.getByRole("button", { name: "Add schedule" }).click();
  await triggers.getByRole("button", { name: "Add event" }).click();
  await expect(triggers.getByRole("listitem", { name: / trigger$/ })).toHaveCount(3);
  // Each kind renders its own form with its defaults.
  await expect(
    triggers.getByRole("listitem", { name: "Schedule trigger" }).getByRole("textbox", { name: "Cron", exact: true }),
  ).toHaveValue("0 9 * * 1-5");
  await expect(
    triggers.getByRole("listitem", { name: "Event trigger" }).getByRole("textbox", { name: "Event name", exact: true }),
  ).toHaveValue("order.created");
  const box = await triggers.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(320);
  const overflow = await page.getByRole("complementary", { name: "Inspector" }).evaluate((el) => {
    const scroller = el.firstElementChild as HTMLElement;
    return scroller.scrollWidth - scroller.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await triggers.getByRole("button", { name: "Remove schedule trigger" }).click();
  await expect(triggers.getByRole("listitem", { name: / trigger$/ })).toHaveCount(2);
});
