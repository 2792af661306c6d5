// The chat integrations an admin configures (Settings → Chat approvals): a Slack app (bot token or
// incoming webhook URL, signing secret, API base URL, default channel) and a Microsoft Teams workflow
// webhook. Stored in one Setting row; the secrets (tokens, signing secret, webhook URLs, which carry
// their own signature) are encrypted with the credentials' key and never leave the server: reads
// answer `has…` flags only. Trusted admin configuration like a model provider's base URL
// (docs/security.md): the Slack base URL is where the server posts, so tests point it at a fake.
import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/db/audit-store";
import { txNow } from "@/lib/db/tx-now";
import { parseJsonColumn } from "@/lib/db/row-codec";
import { readSetting, writeSetting } from "@/lib/db/setting-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { ProblemsError } from "@/lib/errors/domain-error";
import { decryptSecretJson, encryptSecretJson } from "@/lib/security/secrets";

export const CHAT_SETTING = "integrations.chat";
export const DEFAULT_SLACK_API = "https://slack.com/api";

/** An http(s) URL without credentials in it (admin configuration, trusted like a provider URL). */
export const httpUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL without credentials in it");

/** A Slack channel or user id (C…, G…, U…, D…) or a #name. */
export const slackChannel = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^#?[A-Za-z0-9._-]+$/, "must be a Slack channel id (C0123…) or name (#approvals)");

const secretText = z.string().trim().min(1).max(500);

const slackSecrets = z.object({
  botToken: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  signingSecret: z.string(),
});
const teamsSecrets = z.object({ webhookUrl: z.string() });

const storedSchema = z.object({
  slack: z
    .object({ apiBaseUrl: z.string(), defaultChannel: z.string().nullable(), secrets: z.string(), updatedAtMs: z.number() })
    .nullable()
    .default(null),
  teams: z.object({ secrets: z.string(), updatedAtMs: z.number() }).nullable().default(null),
});
type Stored = z.output<typeof storedSchema>;

export interface SlackConfig {
  apiBaseUrl: string;
  defaultChannel: string | null;
  botToken: string | null;
  webhookUrl: string | null;
  signingSecret: string;
}

export interface ChatConfig {
  slack: SlackConfig | null;
  teams: { webhookUrl: string } | null;
}

/** What the Settings page sees: no secret, only whether each is set. */
export interface PublicChatSettings {
  slack: {
    apiBaseUrl: string;
    defaultChannel: string | null;
    hasBotToken: boolean;
    hasWebhookUrl: boolean;
    hasSigningSecret: boolean;
  } | null;
  teams: { hasWebhookUrl: boolean } | null;
}

/** PATCH body: `null` removes an integration; an omitted secret keeps the stored one. */
export const chatSettingsBody = z.strictObject({
  slack: z
    .strictObject({
      apiBaseUrl: httpUrl.default(DEFAULT_SLACK_API),
      defaultChannel: slackChannel.nullable().default(null),
      botToken: secretText.nullable().optional(),
      webhookUrl: httpUrl.nullable().optional(),
      signingSecret: secretText.optional(),
    })
    .nullable()
    .optional(),
  teams: z.strictObject({ webhookUrl: httpUrl.optional() }).nullable().optional(),
});
export type ChatSettingsBody = z.output<typeof chatSettingsBody>;

async function readStored(q: SqlQuery): Promise<Stored> {
  const parsed = storedSchema.safeParse(parseJsonColumn(await readSetting(q, CHAT_SETTING), null));
  return parsed.success ? parsed.data : { slack: null, teams: null };
}

function decryptOr<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const r = schema.safeParse(decryptSecretJson(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The configuration with its secrets, for the server's own calls. */
export async function loadChatConfig(q: SqlQuery): Promise<ChatConfig> {
  const s = await readStored(q);
  const slackS = s.slack ? decryptOr(slackSecrets, s.slack.secrets) : null;
  const teamsS = s.teams ? decryptOr(teamsSecrets, s.teams.secrets) : null;
  return {
    slack: s.slack && slackS ? { apiBaseUrl: s.slack.apiBaseUrl, defaultChannel: s.slack.defaultChannel, ...slackS } : null,
    teams: teamsS,
  };
}

export function publicChatSettings(c: ChatConfig): PublicChatSettings {
  return {
    slack: c.slack
      ? {
          apiBaseUrl: c.slack.apiBaseUrl,
          defaultChannel: c.slack.defaultChannel,
          hasBotToken: c.slack.botToken !== null,
          hasWebhookUrl: c.slack.webhookUrl !== null,
          hasSigningSecret: c.slack.signingSecret !== "",
        }
      : null,
    teams: c.teams ? { hasWebhookUrl: true } : null,
  };
}

export async function getChatSettings(q: SqlQuery): Promise<PublicChatSettings> {
  return publicChatSettings(await loadChatConfig(q));
}

const missing = (path: string, message: string) =>
  new ProblemsError("validation_failed", "Chat settings are incomplete", [{ path, message }]);

/** Save (audited, secrets never in the audit record). */
export async function saveChatSettings(db: SqlDb, body: ChatSettingsBody, actorId: string): Promise<PublicChatSettings> {
  return db.tx(async (q) => {
    const now = await txNow(db.dialect, q);
    const current = await loadChatConfig(q);
    const stored = await readStored(q);
    const next: Stored = { ...stored };
    if (body.slack === null) next.slack = null;
    else if (body.slack) {
      const prev = current.slack;
      const botToken = body.slack.botToken === undefined ? (prev?.botToken ?? null) : body.slack.botToken;
      const webhookUrl = body.slack.webhookUrl === undefined ? (prev?.webhookUrl ?? null) : body.slack.webhookUrl;
      const signingSecret = body.slack.signingSecret ?? prev?.signingSecret;
      if (!signingSecret) throw missing("slack.signingSecret", "the Slack app's signing secret is required");
      if (!botToken && !webhookUrl) throw missing("slack.botToken", "give a bot token or an incoming webhook URL");
      next.slack = {
        apiBaseUrl: body.slack.apiBaseUrl.replace(/\/+$/, ""),
        defaultChannel: body.slack.defaultChannel,
        secrets: encryptSecretJson({ botToken, webhookUrl, signingSecret }),
        updatedAtMs: now,
      };
    }
    if (body.teams === null) next.teams = null;
    else if (body.teams) {
      const webhookUrl = body.teams.webhookUrl ?? current.teams?.webhookUrl;
      if (!webhookUrl) throw missing("teams.webhookUrl", "the Teams workflow webhook URL is required");
      next.teams = { secrets: encryptSecretJson({ webhookUrl }), updatedAtMs: now };
    }
    await writeSetting(q, CHAT_SETTING, next);
    const saved = await loadChatConfig(q);
    const pub = publicChatSettings(saved);
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      actorType: "user",
      action: "integrations.chat_changed",
      targetType: "settings",
      targetId: CHAT_SETTING,
      data: {
        slack: pub.slack
          ? { apiBaseUrl: pub.slack.apiBaseUrl, defaultChannel: pub.slack.defaultChannel, secretsChanged: body.slack !== undefined }
          : null,
        teams: pub.teams ? { secretsChanged: body.teams?.webhookUrl !== undefined } : null,
      },
    });
    return pub;
  });
}
