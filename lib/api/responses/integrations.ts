// Response schemas of the chat integrations and workflow alerts routes.
import { z } from "zod";
import { epochMs, obj } from "./common";

export const chatSettingsResponse = obj({
  slack: obj({
    apiBaseUrl: z.string(),
    defaultChannel: z.string().nullable(),
    hasBotToken: z.boolean(),
    hasWebhookUrl: z.boolean(),
    hasSigningSecret: z.boolean(),
  }).nullable(),
  teams: obj({ hasWebhookUrl: z.boolean() }).nullable(),
}).meta({ id: "ChatSettings" });

export const workflowChatResponse = obj({
  slack: z.boolean(),
  slackChannel: z.string().nullable(),
  directMessages: z.boolean(),
  teams: z.boolean(),
  /** Whether an admin has connected Slack and Teams: until then the choice above has no effect. */
  connected: obj({ slack: z.boolean(), teams: z.boolean() }),
}).meta({ id: "WorkflowChat" });

export const workflowAlertsResponse = obj({
  alerts: z.array(obj({ id: z.string(), kind: z.enum(["failure_rate", "waiting", "spend"]), windowMinutes: z.number().int() })),
  firings: z.array(
    obj({
      id: z.string(),
      alertId: z.string(),
      kind: z.string(),
      windowStartMs: epochMs,
      value: z.number(),
      threshold: z.number(),
      atMs: epochMs,
    }),
  ),
}).meta({ id: "WorkflowAlerts" });

export const slackInteractionResponse = z.record(z.string(), z.unknown()).meta({
  description: "What Slack is answered: `{ ok, … }` for a button, `{ response_action }` for the reason dialog.",
});
