// Workflow alerts: a failure rate over the last window, an approval waiting longer than N minutes
// and spend past a budget each fire once per window (the AlertFiring row unique on alert and window
// is the dedupe, also between two workers evaluating at once), notify in app and post to Slack, and
// fire again only in a later window where the condition still holds.
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import { startFakeSlack, type FakeSlack } from "@/tests/helpers/fake-slack";
import { addUser, count, insertRawTask, insertWorkflow } from "@/tests/inbox/helpers";
import { saveChatSettings } from "@/lib/integrations/chat-settings";
import { AlertSweeper } from "@/lib/alerts/alert-sweeper";
import { getWorkflowAlerts, setWorkflowAlerts } from "@/lib/alerts/workflow-alerts";
import { workflowAlertsBody } from "@/lib/alerts/alert-schemas";

const HOUR = 3_600_000;

describeEachDb("workflow alerts", (dialect) => {
  let db: TestDatabase;
  let slack: FakeSlack;
  let workflowId: string;
  // the middle of an hour-aligned window
  const T = Math.floor(Date.UTC(2026, 11, 7, 10, 30) / HOUR) * HOUR + 30 * 60_000;

  async function run(status: string, startedAtMs: number, finishedAtMs: number | null, costUsd: number): Promise<void> {
    const createdAt = new Date(startedAtMs).toISOString();
    await db.sql.run(
      `INSERT INTO "Run" ("id","workflowId","versionId","status","trigger","input","createdAt","startedAtMs","finishedAtMs","costUsd","updatedAtMs")
       VALUES (?,?,?,?,'manual','{}',?,?,?,?,?)`,
      [
        randomUUID(),
        workflowId,
        "v1",
        status,
        db.dialect === "sqlite" ? createdAt.replace("Z", "+00:00") : createdAt,
        startedAtMs,
        finishedAtMs,
        costUsd,
        startedAtMs,
      ],
    );
  }
  const sweeper = (now: number) =>
    new AlertSweeper({ db: db.sql, intervalMs: 60_000, baseUrl: "http://switchyard.test", now: async () => now });
  const firings = () => count(db, `SELECT COUNT(*) AS "n" FROM "AlertFiring" WHERE "workflowId"=?`, [workflowId]);

  beforeAll(async () => {
    applyTestSecretKey();
    db = await createTestDb(dialect);
    slack = await startFakeSlack();
    await addUser(db, "admin1", "admin");
    await addUser(db, "designer1", "designer");
    await addUser(db, "reviewer1", "reviewer");
    workflowId = await insertWorkflow(db, "Invoices");
    await db.sql.run(`UPDATE "Workflow" SET "createdById"='designer1' WHERE "id"=?`, [workflowId]);
    await saveChatSettings(
      db.sql,
      { slack: { apiBaseUrl: slack.url, defaultChannel: "C0OPS", botToken: slack.botToken, signingSecret: slack.signingSecret } },
      "admin1",
    );
    await setWorkflowAlerts(
      db.sql,
      workflowId,
      workflowAlertsBody.parse({
        alerts: [
          { id: "fail", kind: "failure_rate", windowMinutes: 60, thresholdPercent: 50, minRuns: 3, channels: { inApp: true, slack: true } },
          { id: "wait", kind: "waiting", windowMinutes: 60, waitingMinutes: 5 },
          { id: "spend", kind: "spend", windowMinutes: 60, budgetUsd: 1 },
        ],
      }),
      "admin1",
    );
    // in the window of T: 2 of 3 finished runs failed, $1.30 spent; an approval open for 10 minutes
    await run("failed", T - 20 * 60_000, T - 10 * 60_000, 0.8);
    await run("failed", T - 15 * 60_000, T - 5 * 60_000, 0.5);
    await run("succeeded", T - 15 * 60_000, T - 4 * 60_000, 0);
    await insertRawTask(db, { workflowId, createdAtMs: T - 10 * 60_000, assignees: [{ type: "role", value: "reviewer" }] });
  });
  afterAll(async () => {
    await db?.drop();
    await slack?.close();
  });

  it("fires each alert once per window, in app and in Slack", async () => {
    const first = await sweeper(T).pass();
    expect(first.map((f) => f.alertId).sort()).toEqual(["fail", "spend", "wait"]);
    expect(first.find((f) => f.alertId === "fail")!.value).toBeCloseTo(66.67, 1);
    // the same window again, by this worker and by two at once: nothing more
    expect(await sweeper(T + 60_000).pass()).toEqual([]);
    const twice = await Promise.all([sweeper(T + 120_000).pass(), sweeper(T + 120_000).pass()]);
    expect(twice.flat()).toEqual([]);
    expect(await firings()).toBe(3);

    // told: admins and the workflow's creator, not a reviewer
    const notes = await db.sql.all<{ userId: string; title: string }>(
      `SELECT "userId","title" FROM "Notification" WHERE "type"='workflow.alert' ORDER BY "userId","title"`,
    );
    expect([...new Set(notes.map((n) => n.userId))]).toEqual(["admin1", "designer1"]);
    expect(notes.filter((n) => n.userId === "admin1").map((n) => n.title)).toEqual([
      "Alert: Invoices: 67 % of runs failed in the last 60 min (threshold 50 %)",
      "Alert: Invoices: an approval has waited 10 min (limit 5 min)",
      "Alert: Invoices: spend $1.30 in this 60-min window passed the budget of $1",
    ]);
    // Slack only for the alert that asked for it
    const posts = slack.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toMatchObject({
      channel: "C0OPS",
      text: "Alert: Invoices: 67 % of runs failed in the last 60 min (threshold 50 %)",
    });
  });

  it("fires again in a later window only where the condition still holds", async () => {
    // an hour on: the failures are out of the trailing window, the spend was in the last window,
    // the approval is still open
    const next = await sweeper(T + HOUR).pass();
    expect(next.map((f) => f.alertId)).toEqual(["wait"]);
    expect(await sweeper(T + HOUR + 5 * 60_000).pass()).toEqual([]);
    expect(await firings()).toBe(4);
    const view = await getWorkflowAlerts(db.sql, workflowId);
    expect(view.alerts.map((a) => a.id)).toEqual(["fail", "wait", "spend"]);
    expect(view.firings).toHaveLength(4);
    expect(view.firings[0]).toMatchObject({ alertId: "wait", windowStartMs: T - 30 * 60_000 + HOUR });
  });

  it("refuses alert lists that do not parse", () => {
    expect(workflowAlertsBody.safeParse({ alerts: [{ id: "a", kind: "spend", windowMinutes: 0, budgetUsd: 1 }] }).success).toBe(false);
    expect(workflowAlertsBody.safeParse({ alerts: [{ id: "a", kind: "nope", windowMinutes: 5 }] }).success).toBe(false);
    const dup = { id: "a", kind: "waiting", windowMinutes: 5, waitingMinutes: 1 };
    expect(workflowAlertsBody.safeParse({ alerts: [dup, dup] }).success).toBe(false);
  });
});
