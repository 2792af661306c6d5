import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { principalOf } from "@/lib/inbox/task-access";
import { taskParams } from "@/lib/inbox/task-params";

/** GET /api/v1/tasks/:taskId — the task with its run context, decisions, comments and the caller's rights. */
export const GET = apiRoute({ roles: permissions["tasks:read"], params: taskParams }, async ({ app, user, params }) => {
  const db = app.db.sql;
  return { task: await getTaskDetail(db, await db.now(), params.taskId, principalOf(user)) };
});
