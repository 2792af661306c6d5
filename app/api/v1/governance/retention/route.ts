import { apiRoute } from "@/lib/api/route";
import { retentionPreviewBody, retentionSettingsBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { previewRetention, retentionSettingsSchema, setRetentionSettings } from "@/lib/governance/retention";

/** GET /api/v1/governance/retention — the retention settings and what a purge now would delete, per workflow. */
export const GET = apiRoute(
  { response: retentionPreviewBody, summary: "Retention settings and a purge preview", roles: permissions["settings:manage"] },
  async ({ app }) => previewRetention(app.db.sql),
);

/** PATCH /api/v1/governance/retention `{ runRetentionDays, auditRetentionDays }` — the global retention; audited. */
export const PATCH = apiRoute(
  {
    response: retentionSettingsBody,
    summary: "Set the global retention",
    roles: permissions["settings:manage"],
    body: retentionSettingsSchema,
  },
  async ({ app, body, user }) => setRetentionSettings(app.db.sql, body, user.id),
);
