import { apiRoute } from "@/lib/api/route";
import { taskListBody } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { listTasks } from "@/lib/inbox/list-tasks";
import { principalWithDelegations } from "@/lib/inbox/delegation";
import { taskListQuery } from "@/lib/inbox/task-list-params";

/**
 * GET /api/v1/tasks?assigned=&workflowId=&due=&lowConfidence=&sort=&limit=&cursor= — open tasks,
 * keyset-paginated (docs/api.md, "Tasks").
 */
export const GET = apiRoute(
  {
    response: taskListBody,
    summary: "Open tasks, keyset-paginated",
    errors: ["invalid_cursor"],
    roles: permissions["tasks:read"],
    query: taskListQuery,
  },
  async ({ app, user, query }) => {
    const db = app.db.sql;
    // the engine's clock: on PostgreSQL a lower bound of the database's, without a round trip per list
    const now = await app.engine.store.now();
    return listTasks(db, now, await principalWithDelegations(db, user, now), query);
  },
);
