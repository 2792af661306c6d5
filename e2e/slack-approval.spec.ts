// A Slack approval end to end: the admin connects Slack on Settings (pointing the API base URL at a
// local fake Slack), a run reaches an approval, the worker posts it to the fake's channel, a signed
// Approve click from "Slack" resumes the run (seen in the browser), and the message is updated to
// say who decided. A forged click is refused with 401.
import { test, expect } from "./support/fixtures";
import { users } from "./support/users";
import { approvalWorkflow, startRun, taskOf } from "./support/approval-flow";
import { buttonClick, startFakeSlack, type FakeSlack } from "@/tests/helpers/fake-slack";

let slack: FakeSlack;
test.beforeAll(async () => {
  slack = await startFakeSlack();
  slack.users.set("UREVIEWER", users.reviewer.email);
});
test.afterAll(async () => {
  await slack?.close();
});

test("an approval posted to Slack is approved from Slack and the run resumes", async ({ pageAs, apiAs, baseURL }) => {
  const admin = await pageAs("admin");
  await admin.goto("/settings");
  const panel = admin.getByRole("form", { name: "Slack" });
  await panel.getByLabel("Slack API base URL").fill(slack.url);
  await panel.getByLabel("Default channel").fill("C0E2EAPPROVALS");
  await panel.getByLabel("Bot token").fill(slack.botToken);
  await panel.getByLabel("Signing secret").fill(slack.signingSecret);
  await panel.getByRole("button", { name: "Save Slack" }).click();
  await expect(panel.getByText("Connected")).toBeVisible();
  await expect(panel.getByLabel("Bot token")).toHaveValue("");
  await expect(panel.getByLabel("Bot token")).toHaveAttribute("placeholder", "Leave empty to keep the stored value");

  try {
    const designer = await apiAs("designer");
    const { workflowId, title } = await approvalWorkflow(designer, "Slack");
    const runId = await startRun(designer, workflowId, { customer: "Globex" });
    const taskId = await taskOf(designer, runId);

    // the worker's sweep posts the task to the default channel
    await expect.poll(() => slack.callsOf("chat.postMessage").filter((c) => JSON.stringify(c.body).includes(taskId)).length).toBe(1);
    const post = slack.callsOf("chat.postMessage").find((c) => JSON.stringify(c.body).includes(taskId))!;
    expect(post.body.channel).toBe("C0E2EAPPROVALS");
    expect(post.body.text).toBe(`Approval needed: ${title}`);
    const buttons = (post.body.blocks as { type: string; elements?: { action_id: string; value?: string; url?: string }[] }[]).find(
      (b) => b.type === "actions",
    )!.elements!;
    expect(buttons[2].url).toMatch(new RegExp(`/inbox/${taskId}$`));

    const anon = admin.context().request;
    const url = `${baseURL}/api/v1/integrations/slack/interactions`;
    const click = buttonClick("UREVIEWER", "approve", buttons[0].value!);
    const forged = slack.signed(click, { secret: "forged" });
    const refused = await anon.post(url, { data: forged.body, headers: forged.headers });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("slack_unverified");

    const signed = slack.signed(click);
    const res = await anon.post(url, { data: signed.body, headers: signed.headers });
    expect(res.status(), await res.text()).toBe(200);
    expect(await res.json()).toEqual({ ok: true, taskStatus: "approved" });

    await admin.goto(`/runs/${runId}`);
    await expect(admin.getByTestId("run-status")).toHaveText("Succeeded");

    // the message now says who decided, without buttons
    await expect
      .poll(() => JSON.stringify(slack.callsOf("chat.update").find((c) => JSON.stringify(c.body).includes(title))?.body ?? null))
      .toContain(`*Approved* by ${users.reviewer.name}`);
  } finally {
    // other specs' approvals should not be posted to a fake that is about to stop
    const api = await apiAs("admin");
    expect((await api.patch("/api/v1/integrations/chat", { data: { slack: null } })).status()).toBe(200);
  }
});

test("a designer picks the workflow's Slack channel and adds an alert on its settings page", async ({ pageAs, apiAs }) => {
  const designer = await apiAs("designer");
  const { workflowId } = await approvalWorkflow(designer, "Alerts");
  const page = await pageAs("designer");
  await page.goto(`/workflows/${workflowId}/settings`);
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await expect(page.getByText("No alerts yet")).toBeVisible();

  // Teams is never connected in this suite: the choice is kept, and the page says it waits for an admin
  await expect(page.getByText("Microsoft Teams is not connected yet", { exact: false })).toBeVisible();
  await page.getByLabel("Slack channel (empty: the default channel)").fill("#refunds");
  await page.getByRole("button", { name: "Save chat approvals" }).click();
  await expect(page.getByText("Chat approvals saved")).toBeVisible();

  await page.getByLabel("New alert").selectOption("waiting");
  await page.getByRole("button", { name: "Add alert" }).click();
  const alert = page.getByRole("group", { name: /^Alert 1:/ });
  await alert.getByLabel("Waiting (minutes)").fill("30");
  await page.getByRole("button", { name: "Save alerts" }).click();
  await expect(page.getByText("Alerts saved")).toBeVisible();

  const saved = (await (await designer.get(`/api/v1/workflows/${workflowId}/alerts`)).json()) as { alerts: Record<string, unknown>[] };
  expect(saved.alerts).toEqual([expect.objectContaining({ kind: "waiting", waitingMinutes: 30, windowMinutes: 60 })]);
  const chat = (await (await designer.get(`/api/v1/workflows/${workflowId}/chat`)).json()) as Record<string, unknown>;
  expect(chat).toMatchObject({ slack: true, slackChannel: "#refunds", connected: { teams: false } });
});
