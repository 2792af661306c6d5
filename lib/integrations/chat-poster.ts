// Posting approval tasks to Slack and Teams, and updating the Slack messages once their task is
// decided. The inbox sweep hands over each new task (InboxSweepOptions.onNewTask); the poster works
// its queue one task at a time, off the worker's claim path. Each message is reserved in the
// database before it is sent (ChatMessage, unique per task, channel and target), so two workers or
// a restart never post a task twice; a failed post is recorded with its reason and not retried into
// a duplicate. `refreshClosed` turns the buttons of decided tasks into "Approved by …", whatever
// decided them (the inbox, Slack, a timeout).
import "server-only";
import {
  chatMessagesOfTask,
  markChatMessage,
  postedMessagesOfClosedTasks,
  reserveChatMessage,
  slackUsersOf,
  taskDeciders,
  type ChatMessageRow,
} from "@/lib/db/chat-store";
import type { SqlDb } from "@/lib/db/sql";
import { findTask, workflowName } from "@/lib/db/task-store";
import { readWorkflowSettings } from "@/lib/db/workflow-settings-store";
import { resolveRecipients } from "@/lib/notifications/recipients";
import { loadChatConfig, type ChatConfig, type SlackConfig } from "./chat-settings";
import { approvalMessage, decidedMessage, type ApprovalMessageInput } from "./slack-blocks";
import { postWebhook, slackApi } from "./slack-client";
import { teamsApprovalCard } from "./teams-card";
import { parseWorkflowChat } from "./workflow-chat";

export interface ChatPosterOptions {
  db: SqlDb;
  /** Public base URL of the app, for the Open links. */
  baseUrl: string;
  log?: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
}

interface Target {
  channel: "slack" | "teams";
  target: string;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ChatPoster {
  private readonly queue: string[] = [];
  private working: Promise<void> | null = null;

  constructor(private readonly o: ChatPosterOptions) {}

  /** Queue a new task for posting (no-op when nothing is configured). */
  enqueue(taskId: string): void {
    this.queue.push(taskId);
    this.working ??= this.drain().finally(() => {
      this.working = null;
    });
  }

  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;

  /**
   * Called before every claim: at most once a second, update decided tasks' Slack messages in the
   * background (never awaited by the worker loop).
   */
  tick(): void {
    if (this.refreshing || Date.now() - this.lastRefresh < 1000) return;
    this.lastRefresh = Date.now();
    this.refreshing = this.refreshClosed()
      .then(() => undefined)
      .catch((e: unknown) => this.o.log?.("warn", "chat refresh failed", { error: errorText(e) }))
      .finally(() => {
        this.refreshing = null;
      });
  }

  /** Resolves when the queue is empty and no refresh runs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.working || this.refreshing) await (this.working ?? this.refreshing);
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
      try {
        await this.postTask(id);
      } catch (e) {
        this.o.log?.("warn", "chat post failed", { taskId: id, error: errorText(e) });
      }
    }
  }

  private link(taskId: string): string {
    return `${this.o.baseUrl.replace(/\/+$/, "")}/inbox/${encodeURIComponent(taskId)}`;
  }

  /** The message content of a task (null when it is gone). */
  async messageInput(taskId: string): Promise<(ApprovalMessageInput & { status: string }) | null> {
    const task = await findTask(this.o.db, taskId);
    if (!task) return null;
    return {
      taskId,
      version: task.version,
      title: task.title,
      workflowName: await workflowName(this.o.db, task.workflowId),
      instructions: task.instructions,
      link: this.link(taskId),
      status: task.status,
    };
  }

  /** Post one approval task to every configured destination (once each). */
  async postTask(taskId: string): Promise<void> {
    const db = this.o.db;
    const cfg = await loadChatConfig(db);
    if (!cfg.slack && !cfg.teams) return;
    const task = await findTask(db, taskId);
    if (!task || task.status !== "open" || task.type !== "approval") return;
    const wf = await readWorkflowSettings(db, task.workflowId);
    if (!wf) return;
    const chat = parseWorkflowChat(wf.settings);
    const targets: Target[] = [];
    if (cfg.slack && chat.slack) {
      const channel = chat.slackChannel ?? cfg.slack.defaultChannel;
      if (cfg.slack.botToken && channel) targets.push({ channel: "slack", target: channel });
      else if (cfg.slack.webhookUrl) targets.push({ channel: "slack", target: "webhook" });
      if (cfg.slack.botToken && chat.directMessages) {
        const people = await resolveRecipients(db, task.assignees, task.separationOfDuties ? [task.initiatorId] : []);
        for (const u of await slackUsersOf(
          db,
          people.map((p) => p.id),
        ))
          targets.push({ channel: "slack", target: u });
      }
    }
    if (cfg.teams && chat.teams) targets.push({ channel: "teams", target: "webhook" });
    if (!targets.length) return;
    const m: ApprovalMessageInput = {
      taskId,
      version: task.version,
      title: task.title,
      workflowName: wf.name,
      instructions: task.instructions,
      link: this.link(taskId),
    };
    for (const t of targets) {
      const id = await reserveChatMessage(db, { taskId, ...t }, await db.now());
      if (!id) continue;
      try {
        const ts = await this.send(cfg, t, m);
        await markChatMessage(db, id, { state: "posted", ts }, await db.now());
      } catch (e) {
        await markChatMessage(db, id, { state: "failed", error: errorText(e) }, await db.now());
        this.o.log?.("warn", "chat post failed", { taskId, channel: t.channel, error: errorText(e) });
      }
    }
  }

  private async send(cfg: ChatConfig, t: Target, m: ApprovalMessageInput): Promise<string | null> {
    if (t.channel === "teams") {
      await postWebhook(cfg.teams!.webhookUrl, teamsApprovalCard(m));
      return null;
    }
    const slack = cfg.slack!;
    const msg = approvalMessage(m);
    if (t.target === "webhook") {
      await postWebhook(slack.webhookUrl!, msg);
      return null;
    }
    const r = await slackApi(slack, "chat.postMessage", { channel: t.target, ...msg, unfurl_links: false });
    // A direct message is answered with the conversation's own id, which chat.update needs.
    return r.ts ? `${r.channel ?? t.target}/${r.ts}` : null;
  }

  /** Replace the buttons of posted Slack messages whose task was decided. */
  async refreshClosed(limit = 50): Promise<number> {
    const rows = await postedMessagesOfClosedTasks(this.o.db, limit);
    if (!rows.length) return 0;
    const cfg = await loadChatConfig(this.o.db);
    if (!cfg.slack) return 0;
    for (const r of rows) await this.updateMessage(cfg.slack, r);
    return rows.length;
  }

  /** Update the task's posted Slack messages now (after a decision made from Slack). */
  async refreshTask(taskId: string): Promise<void> {
    const cfg = await loadChatConfig(this.o.db);
    if (!cfg.slack) return;
    for (const r of await chatMessagesOfTask(this.o.db, taskId)) {
      if (r.channel === "slack" && r.state === "posted" && r.ts) await this.updateMessage(cfg.slack, r);
    }
  }

  private async updateMessage(slack: SlackConfig, r: ChatMessageRow): Promise<void> {
    const m = await this.messageInput(r.taskId);
    if (!m || m.status === "open") return;
    try {
      const msg = decidedMessage(m, m.status, await taskDeciders(this.o.db, r.taskId));
      const [channel, ts] = (r.ts ?? "").split("/");
      await slackApi(slack, "chat.update", { channel, ts, ...msg });
      await markChatMessage(this.o.db, r.id, { state: "closed" }, await this.o.db.now());
    } catch (e) {
      await markChatMessage(this.o.db, r.id, { state: "closed", error: errorText(e) }, await this.o.db.now());
      this.o.log?.("warn", "chat update failed", { taskId: r.taskId, error: errorText(e) });
    }
  }
}
