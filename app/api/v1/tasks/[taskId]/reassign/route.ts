import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { reassignBody, reassignTask } from "@/lib/inbox/reassign-task";
import { reassignCandidates } from "@/lib/inbox/reassign-candidates";
import { principalOf } from "@/lib/inbox/task-access";
import { taskParams } from "@/lib/inbox/task-params";
import { appMailer } from "@/lib/notifications/app-mailer";
import { deliverLater } from "@/lib/notifications/mailer";

/**
 * POST /api/v1/tasks/:taskId/reassign `{ to: { type: "user"|"role", id }, note, expectedVersion? }` —
 * admins and the task's current assignees hand an open task to one user or role.
 */
export const POST = apiRoute(
  { roles: permissions["tasks:decide"], params: taskParams, body: reassignBody },
  async ({ app, user, params, body }) => {
    const r = await reassignTask(app.db.sql, params.taskId, { ...principalOf(user), name: user.name }, body);
    deliverLater(appMailer(app.env), r.notifications);
    return { taskId: r.taskId, version: r.version, assignees: r.assignees };
  },
);

/** GET /api/v1/tasks/:taskId/reassign — users and roles the task can be handed to (the reassign dialog). */
export const GET = apiRoute({ roles: permissions["tasks:decide"], params: taskParams }, async ({ app, params }) =>
  reassignCandidates(app.db.sql, params.taskId),
);
