import { apiRoute } from "@/lib/api/route";
import { inboxCountBody } from "@/lib/api/responses/tasks";
import { countOpenTasksFor } from "@/lib/inbox/open-task-filter";

/** GET /api/v1/inbox/count — open tasks the caller may decide (the navigation badge). */
export const GET = apiRoute(
  { response: inboxCountBody, summary: "Open tasks the caller may decide", roles: "any" },
  async ({ user, app }) => ({
    count: await countOpenTasksFor(app.db.sql, user),
  }),
);
