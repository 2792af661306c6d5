import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { notificationsBody } from "@/lib/api/responses/tasks";
import { listNotifications } from "@/lib/db/notification-store";

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** GET /api/v1/notifications?unread=true&limit=20 — the caller's notifications, newest first, and the unread count. */
export const GET = apiRoute(
  {
    response: notificationsBody,
    summary: "The caller's notifications and unread count",
    roles: "any",
    query: z.strictObject({ unread: flag, limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  async ({ app, user, query }) => listNotifications(app.db.sql, user.id, { limit: query.limit, unreadOnly: query.unread }),
);
