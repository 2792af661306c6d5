import { apiRoute } from "@/lib/api/route";
import { countOpenTasksFor } from "@/lib/inbox/open-task-filter";

/** GET /api/v1/inbox/count — open tasks the caller may decide (the navigation badge). */
export const GET = apiRoute({ roles: "any" }, async ({ user, app }) => ({
  count: await countOpenTasksFor(app.db.sql, user),
}));
