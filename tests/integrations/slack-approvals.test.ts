// Approvals in Slack and Teams against local fakes that check and record what they get: a new
// approval task is posted once (Block Kit with Approve / Reject / Open, an Adaptive Card with an Open
// link), an Approve click signed like Slack's decides it through the inbox's decision path (the run
// ends, the audit record says channel "slack") and the message then says who decided; Reject asks
// for a reason in a dialog; forged, expired and replayed requests are refused with nothing decided.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import { buttonClick, reasonSubmitted, startFakeSlack, type FakeSlack } from "@/tests/helpers/fake-slack";
import { startFakeTeams, type FakeTeams } from "@/tests/helpers/fake-teams";
import { saveChatSettings, getChatSettings } from "@/lib/integrations/chat-settings";
import { DEFAULT_WORKFLOW_CHAT, workflowChatView } from "@/lib/integrations/workflow-chat";
import { ChatPoster } from "@/lib/integrations/chat-poster";
import { handleSlackInteraction } from "@/lib/integrations/slack-interactions";
import { DomainError } from "@/lib/errors/domain-error";
import { addUser, count, parkedTask } from "@/tests/inbox/helpers";

describeEachDb("approvals in Slack and Teams", (dialect) => {
  const { h } = useEngine(dialect);
  let slack: FakeSlack;
  let teams: FakeTeams;
  let poster: ChatPoster;

  const interact = (payload: unknown, opts?: { timestamp?: number; secret?: string }) => {
    const r = slack.signed(payload, opts);
    return handleSlackInteraction(
      { db: h.db.sql, engine: h.deps },
      { body: r.body, timestamp: r.headers["x-slack-request-timestamp"], signature: r.headers["x-slack-signature"] },
    );
  };
  const refusal = async (p: Promise<unknown>) => {
    const e: unknown = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  };
  const decisions = (taskId: string) => count(h.db, `SELECT COUNT(*) AS "n" FROM "Decision" WHERE "taskId"=?`, [taskId]);

  beforeAll(async () => {
    applyTestSecretKey();
    slack = await startFakeSlack();
    teams = await startFakeTeams();
    await addUser(h.db, "alice", "reviewer");
    await addUser(h.db, "viewer1", "viewer");
    await addUser(h.db, "admin1", "admin");
    slack.users.set("UALICE", "alice@example.com");
    slack.users.set("UVIEW", "viewer1@example.com");
    await saveChatSettings(
      h.db.sql,
      {
        slack: { apiBaseUrl: slack.url, defaultChannel: "C0APPROVALS", botToken: slack.botToken, signingSecret: slack.signingSecret },
        teams: { webhookUrl: teams.url },
      },
      "admin1",
    );
    poster = new ChatPoster({ db: h.db.sql, baseUrl: "http://switchyard.test" });
  });
  afterAll(async () => {
    await slack?.close();
    await teams?.close();
  });

  it("keeps the secrets to itself: the settings answer flags, and the audit record holds no secret", async () => {
    expect(await getChatSettings(h.db.sql)).toEqual({
      slack: { apiBaseUrl: slack.url, defaultChannel: "C0APPROVALS", hasBotToken: true, hasWebhookUrl: false, hasSigningSecret: true },
      teams: { hasWebhookUrl: true },
    });
    const stored = await h.db.sql.all<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key"='integrations.chat'`);
    expect(stored[0].value).not.toContain(slack.botToken);
    expect(stored[0].value).not.toContain(slack.signingSecret);
    const audit = await h.db.sql.all<{ data: string }>(`SELECT "data" FROM "AuditEvent" WHERE "action"='integrations.chat_changed'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].data).not.toContain(slack.botToken);
  });

  it("posts a task once, decides it from an Approve click and updates the message to say who decided", async () => {
    const { runId, task } = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } });
    await poster.postTask(task.id);
    await poster.postTask(task.id); // a second sweep or worker: nothing more is posted
    const posts = slack.callsOf("chat.postMessage").filter((c) => JSON.stringify(c.body).includes(task.id));
    expect(posts).toHaveLength(1);
    expect(posts[0].body.channel).toBe("C0APPROVALS");
    const actions = (posts[0].body.blocks as { type: string; elements?: { action_id: string; value?: string; url?: string }[] }[]).find(
      (b) => b.type === "actions",
    )!.elements!;
    expect(actions.map((a) => a.action_id)).toEqual(["approve", "reject", "open"]);
    expect(actions[2].url).toBe(`http://switchyard.test/inbox/${task.id}`);
    const card = teams.cards.find((c) => JSON.stringify(c).includes(task.id))!;
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open", url: `http://switchyard.test/inbox/${task.id}` }]);
    expect(teams.refused).toBe(0);

    const out = await interact(buttonClick("UALICE", "approve", actions[0].value!));
    expect(out.body).toEqual({ ok: true, taskStatus: "approved" });
    expect(out.decidedTaskId).toBe(task.id);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");

    const audit = await h.db.sql.all<{ actorId: string; data: string }>(
      `SELECT "actorId","data" FROM "AuditEvent" WHERE "action"='task.decided' AND "targetId"=?`,
      [task.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe("alice");
    expect(JSON.parse(audit[0].data)).toMatchObject({ channel: "slack", decision: "approve", taskStatus: "approved" });
    // users.info found alice by email once; the link is kept
    expect(await count(h.db, `SELECT COUNT(*) AS "n" FROM "ChatUserLink" WHERE "slackUserId"='UALICE' AND "userId"='alice'`)).toBe(1);

    await poster.refreshTask(task.id);
    const update = slack.callsOf("chat.update").find((c) => JSON.stringify(c.body).includes(task.id))!;
    expect(update.body.channel).toBe("C0APPROVALS");
    expect(update.body.ts).toMatch(/^1700000000\.\d{6}$/);
    expect(JSON.stringify(update.body.blocks)).toContain("*Approved* by Alice");
    expect(JSON.stringify(update.body.blocks)).not.toContain('"action_id":"approve"');
    expect(slack.refused).toEqual([]);
  });

  it("Reject opens a reason dialog; the submitted reason rejects the task", async () => {
    const { runId, task } = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } });
    await poster.postTask(task.id);
    const value = JSON.stringify({ t: task.id, v: task.version });
    const opened = await interact(buttonClick("UALICE", "reject", value));
    expect(opened.body).toEqual({ ok: true, opened: "reason" });
    const view = slack.callsOf("views.open").at(-1)!.body.view as { private_metadata: string; callback_id: string };
    expect(view.private_metadata).toBe(value);
    expect(await decisions(task.id)).toBe(0);

    const empty = await interact(reasonSubmitted("UALICE", view.private_metadata, "  "));
    expect(empty.body).toMatchObject({ response_action: "errors" });
    const done = await interact(reasonSubmitted("UALICE", view.private_metadata, "Amount too high"));
    expect(done.body).toEqual({ response_action: "clear" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const d = await h.db.sql.all<{ decision: string; comment: string }>(`SELECT "decision","comment" FROM "Decision" WHERE "taskId"=?`, [
      task.id,
    ]);
    expect(d).toEqual([{ decision: "reject", comment: "Amount too high" }]);
  });

  it("refuses forged, expired and replayed requests and decides nothing; rights still apply", async () => {
    const { task } = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } });
    const value = JSON.stringify({ t: task.id, v: task.version });
    const click = buttonClick("UALICE", "approve", value);

    const forged = await refusal(interact(click, { secret: "not-the-secret" }));
    expect([forged.code, forged.status]).toEqual(["slack_unverified", 401]);
    const expired = await refusal(interact(click, { timestamp: Date.now() - 6 * 60_000 }));
    expect([expired.code, expired.status]).toEqual(["slack_unverified", 401]);
    const unsigned = await refusal(
      handleSlackInteraction({ db: h.db.sql, engine: h.deps }, { body: slack.signed(click).body, timestamp: null, signature: null }),
    );
    expect(unsigned.code).toBe("slack_unverified");
    expect(await decisions(task.id)).toBe(0);

    // a viewer in Slack may not decide; an unknown Slack user is not anyone
    expect((await interact(buttonClick("UVIEW", "approve", value))).body).toMatchObject({ ok: false, code: "forbidden" });
    expect((await interact(buttonClick("UNOBODY", "approve", value))).body).toMatchObject({ ok: false, code: "forbidden" });
    // a message showing an old version meets the version check
    const stale = JSON.stringify({ t: task.id, v: task.version + 5 });
    expect((await interact(buttonClick("UALICE", "approve", stale))).body).toMatchObject({ ok: false, code: "task_version_conflict" });
    expect(await decisions(task.id)).toBe(0);

    // the same signed request twice: the second is a replay
    const signed = slack.signed(click);
    const send = () =>
      handleSlackInteraction(
        { db: h.db.sql, engine: h.deps },
        { body: signed.body, timestamp: signed.headers["x-slack-request-timestamp"], signature: signed.headers["x-slack-signature"] },
      );
    expect((await send()).body).toEqual({ ok: true, taskStatus: "approved" });
    const replay = await refusal(send());
    expect([replay.code, replay.status]).toEqual(["slack_replayed", 401]);
    expect(await decisions(task.id)).toBe(1);
    // a fresh click on the decided task is answered by the decision service (the message showed the open version)
    expect((await interact(buttonClick("UALICE", "approve", value))).body).toMatchObject({ ok: false, code: "task_version_conflict" });
  });

  it("separation of duties holds in Slack: the run's initiator cannot approve it", async () => {
    const { task } = await parkedTask(
      h,
      { assignees: { users: [], roles: ["reviewer"] }, separationOfDuties: true },
      { initiatorId: "alice" },
    );
    const out = await interact(buttonClick("UALICE", "approve", JSON.stringify({ t: task.id, v: task.version })));
    expect(out.body).toMatchObject({ ok: false, code: "forbidden" });
    expect(await decisions(task.id)).toBe(0);
  });

  it("tells a workflow's settings whether an admin connected each service (last: it disconnects Teams for a moment)", async () => {
    expect((await workflowChatView(h.db.sql, DEFAULT_WORKFLOW_CHAT)).connected).toEqual({ slack: true, teams: true });
    await saveChatSettings(h.db.sql, { teams: null }, "admin1");
    expect(await workflowChatView(h.db.sql, DEFAULT_WORKFLOW_CHAT)).toEqual({
      ...DEFAULT_WORKFLOW_CHAT,
      connected: { slack: true, teams: false },
    });
    await saveChatSettings(h.db.sql, { teams: { webhookUrl: teams.url } }, "admin1");
  });
});
