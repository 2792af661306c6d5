import { apiRoute } from "@/lib/api/route";
import { chatSettingsResponse } from "@/lib/api/responses/integrations";
import { permissions } from "@/lib/auth/roles";
import { chatSettingsBody, getChatSettings, saveChatSettings } from "@/lib/integrations/chat-settings";

/** GET /api/v1/integrations/chat — the Slack and Teams configuration, without its secrets. */
export const GET = apiRoute(
  { response: chatSettingsResponse, summary: "Chat approvals settings (Slack, Teams)", roles: permissions["settings:manage"] },
  async ({ app }) => getChatSettings(app.db.sql),
);

/**
 * PATCH /api/v1/integrations/chat `{ slack?: {...} | null, teams?: {...} | null }` — configure (null: remove)
 * Slack and Teams; an omitted secret keeps the stored one. Secrets are encrypted; audited without them.
 */
export const PATCH = apiRoute(
  {
    response: chatSettingsResponse,
    summary: "Configure chat approvals (Slack, Teams)",
    errors: ["validation_failed"],
    roles: permissions["settings:manage"],
    body: chatSettingsBody,
  },
  async ({ app, body, user }) => saveChatSettings(app.db.sql, body, user.id),
);
