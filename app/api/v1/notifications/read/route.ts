import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { notificationsReadBody } from "@/lib/api/responses/tasks";
import { markNotificationsRead } from "@/lib/db/notification-store";

/** POST /api/v1/notifications/read `{ ids: [...] }` or `{ all: true }` — mark the caller's notifications read. */
export const POST = apiRoute(
  {
    response: notificationsReadBody,
    summary: "Mark notifications read",
    roles: "any",
    body: z.union([z.strictObject({ ids: z.array(z.string().min(1).max(300)).min(1).max(200) }), z.strictObject({ all: z.literal(true) })]),
  },
  async ({ app, user, body }) => {
    const changed = await markNotificationsRead(app.db.sql, user.id, "all" in body ? "all" : body.ids);
    return { changed };
  },
);
