// A workflow's chat settings (Workflow.settings.chat): whether its approval tasks go to Slack (the
// default channel, a channel of its own, and/or each assignee's direct messages) and to Teams.
// Unset means "the defaults": Slack's default channel and Teams when an admin configured them.
import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/db/audit-store";
import { txNow } from "@/lib/db/tx-now";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { readWorkflowSettings, writeWorkflowSetting } from "@/lib/db/workflow-settings-store";
import { notFound } from "@/lib/errors/domain-error";
import { loadChatConfig, slackChannel } from "./chat-settings";

export const workflowChatSchema = z.strictObject({
  /** Post this workflow's approval tasks to Slack. */
  slack: z.boolean().default(true),
  /** The channel for this workflow; null: the Slack default channel. */
  slackChannel: slackChannel.nullable().default(null),
  /** Also send each assignee linked to a Slack user a direct message. */
  directMessages: z.boolean().default(false),
  /** Post an Adaptive Card with an Open link to the Teams webhook. */
  teams: z.boolean().default(true),
});
export type WorkflowChat = z.output<typeof workflowChatSchema>;

export const DEFAULT_WORKFLOW_CHAT: WorkflowChat = { slack: true, slackChannel: null, directMessages: false, teams: true };

export function parseWorkflowChat(settings: Record<string, unknown>): WorkflowChat {
  const r = workflowChatSchema.safeParse(settings.chat ?? {});
  return r.success ? r.data : DEFAULT_WORKFLOW_CHAT;
}

export async function getWorkflowChat(q: SqlQuery, workflowId: string): Promise<WorkflowChat> {
  const wf = await readWorkflowSettings(q, workflowId);
  if (!wf) throw notFound("Workflow");
  return parseWorkflowChat(wf.settings);
}

/** The workflow's choice with whether an admin has connected each service (without it, the choice waits). */
export interface WorkflowChatView extends WorkflowChat {
  connected: { slack: boolean; teams: boolean };
}

export async function workflowChatView(q: SqlQuery, chat: WorkflowChat): Promise<WorkflowChatView> {
  const config = await loadChatConfig(q);
  return { ...chat, connected: { slack: config.slack !== null, teams: config.teams !== null } };
}

export async function setWorkflowChat(db: SqlDb, workflowId: string, next: WorkflowChat, actorId: string): Promise<WorkflowChat> {
  return db.tx(async (q) => {
    const wf = await readWorkflowSettings(q, workflowId);
    if (!wf) throw notFound("Workflow");
    await writeWorkflowSetting(q, workflowId, "chat", next);
    await appendAudit(q, db.dialect, {
      atMs: await txNow(db.dialect, q),
      actorId,
      actorType: "user",
      action: "workflow.chat_changed",
      targetType: "workflow",
      targetId: workflowId,
      data: { before: parseWorkflowChat(wf.settings), after: next },
    });
    return next;
  });
}
