import { apiRoute } from "@/lib/api/route";
import { maskForTask } from "@/lib/governance/personal-data";
import { taskDetailBody } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { principalWithDelegations } from "@/lib/inbox/delegation";
import { taskParams } from "@/lib/inbox/task-params";

/** GET /api/v1/tasks/:taskId — the task with its run context, decisions, comments and the caller's rights. */
export const GET = apiRoute(
  {
    response: taskDetailBody,
    summary: "A task with its run context, decisions and the caller's rights",
    errors: ["not_found"],
    roles: permissions["tasks:read"],
    params: taskParams,
  },
  async ({ app, user, params }) => {
    const db = app.db.sql;
    const now = await db.now();
    const principal = await principalWithDelegations(db, user, now);
    return maskForTask(db, params.taskId, user.role, { task: await getTaskDetail(db, now, params.taskId, principal) });
  },
);
