// The worker's alert loop, beside the run loop on its own timer (lib/server/periodic-sweeper.ts): every
// interval it measures each alert of each workflow and fires those past their threshold. A firing is
// a row unique on (alert, window) written in the same transaction as the in-app notifications, so an
// alert fires once per window whatever the number of workers; email (the inbox's mailer) and Slack
// are sent after the commit, best effort.
import "server-only";
import { alertRecipients, finishedRunCounts, insertAlertFiring, oldestOpenTaskMs, spendSince } from "@/lib/db/alert-store";
import { writeNotifications } from "@/lib/db/notification-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { workflowsWithAlerts, type WorkflowSettingsRow } from "@/lib/db/workflow-settings-store";
import { loadChatConfig } from "@/lib/integrations/chat-settings";
import { postWebhook, slackApi } from "@/lib/integrations/slack-client";
import { slackText } from "@/lib/integrations/slack-blocks";
import { parseWorkflowChat } from "@/lib/integrations/workflow-chat";
import type { Mailer } from "@/lib/notifications/mailer";
import type { WrittenNotification } from "@/lib/notifications/notification-types";
import { PeriodicSweeper, type SweeperLog } from "@/lib/server/periodic-sweeper";
import { alertTitle, parseAlerts, windowStart, type Alert } from "./alert-schemas";

export interface AlertSweeperOptions {
  db: SqlDb;
  intervalMs: number;
  mailer?: Mailer | null;
  /** Public base URL, for the link in messages. */
  baseUrl: string;
  log?: SweeperLog;
  /** The clock (tests move it across windows); defaults to the database clock. */
  now?: () => Promise<number>;
}

export interface Fired {
  workflowId: string;
  alertId: string;
  windowStartMs: number;
  value: number;
  title: string;
}

/** The measured value and whether it passes the alert's threshold. */
async function measure(
  q: SqlQuery,
  workflowId: string,
  a: Alert,
  now: number,
): Promise<{ value: number; threshold: number; fires: boolean }> {
  switch (a.kind) {
    case "failure_rate": {
      const c = await finishedRunCounts(q, workflowId, now - a.windowMinutes * 60_000);
      const rate = c.finished ? (100 * c.failed) / c.finished : 0;
      return { value: rate, threshold: a.thresholdPercent, fires: c.finished >= a.minRuns && rate > a.thresholdPercent };
    }
    case "waiting": {
      const oldest = await oldestOpenTaskMs(q, workflowId);
      const minutes = oldest === null ? 0 : (now - oldest) / 60_000;
      return { value: minutes, threshold: a.waitingMinutes, fires: oldest !== null && minutes > a.waitingMinutes };
    }
    case "spend": {
      const spent = await spendSince(q, workflowId, windowStart(now, a.windowMinutes));
      return { value: spent, threshold: a.budgetUsd, fires: spent > a.budgetUsd };
    }
  }
}

export class AlertSweeper {
  private readonly loop: PeriodicSweeper;

  constructor(private readonly o: AlertSweeperOptions) {
    this.loop = new PeriodicSweeper({
      pass: () => this.pass(),
      intervalMs: o.intervalMs,
      firstDelayMs: Math.min(1000, o.intervalMs),
      failure: "alert pass failed",
      log: o.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One evaluation of every alert; returns the alerts that fired (each once per window). */
  async pass(): Promise<Fired[]> {
    const db = this.o.db;
    const now = await (this.o.now ?? (() => db.now()))();
    const fired: Fired[] = [];
    for (const wf of await workflowsWithAlerts(db)) {
      for (const a of parseAlerts(wf.settings)) {
        const m = await measure(db, wf.id, a, now);
        if (!m.fires) continue;
        const f = await this.fire(wf, a, m.value, m.threshold, now);
        if (f) fired.push(f);
      }
    }
    return fired;
  }

  private async fire(wf: WorkflowSettingsRow, a: Alert, value: number, threshold: number, now: number): Promise<Fired | null> {
    const db = this.o.db;
    const start = windowStart(now, a.windowMinutes);
    const title = alertTitle(wf.name, a, value);
    const written = await db.tx(async (q): Promise<WrittenNotification[] | null> => {
      const inserted = await insertAlertFiring(q, {
        workflowId: wf.id,
        alertId: a.id,
        kind: a.kind,
        windowStartMs: start,
        value,
        threshold,
        atMs: now,
      });
      if (!inserted) return null;
      if (!a.channels.inApp && !a.channels.email) return [];
      const recipients = await alertRecipients(q, wf.createdById);
      return writeNotifications(q, { key: `alert:${a.id}:${start}`, type: "workflow.alert", title, taskId: null }, recipients, now);
    });
    if (written === null) return null;
    const link = `${this.o.baseUrl.replace(/\/+$/, "")}/runs?workflowId=${encodeURIComponent(wf.id)}`;
    if (a.channels.email && this.o.mailer) {
      this.o.mailer
        .send(written.map((n) => ({ ...n, link })))
        .catch((e: unknown) => this.o.log?.("warn", "alert email failed", { error: String(e) }));
    }
    if (a.channels.slack) await this.toSlack(wf, title, link);
    return { workflowId: wf.id, alertId: a.id, windowStartMs: start, value, title };
  }

  private async toSlack(wf: WorkflowSettingsRow, title: string, link: string): Promise<void> {
    try {
      const slack = (await loadChatConfig(this.o.db)).slack;
      if (!slack) return;
      const chat = parseWorkflowChat(wf.settings);
      const channel = chat.slackChannel ?? slack.defaultChannel;
      const msg = {
        text: title,
        blocks: [{ type: "section", text: { type: "mrkdwn", text: `:rotating_light: ${slackText(title)}\n<${link}|Open the runs>` } }],
      };
      if (slack.botToken && channel) await slackApi(slack, "chat.postMessage", { channel, ...msg });
      else if (slack.webhookUrl) await postWebhook(slack.webhookUrl, msg);
    } catch (e) {
      this.o.log?.("warn", "alert Slack post failed", { workflowId: wf.id, error: String(e) });
    }
  }
}
