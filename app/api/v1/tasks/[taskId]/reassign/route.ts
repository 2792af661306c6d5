import { apiRoute } from "@/lib/api/route";
import { reassignCandidatesBody, reassignOut } from "@/lib/api/responses/tasks";
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
  {
    response: reassignOut,
    summary: "Hand an open task to a user or role",
    errors: ["not_found", "task_closed", "invalid_assignee", "already_assigned", "task_version_conflict"],
    roles: permissions["tasks:decide"],
    params: taskParams,
    body: reassignBody,
  },
  async ({ app, user, params, body }) => {
    const r = await reassignTask(app.db.sql, params.taskId, { ...principalOf(user), name: user.name }, body);
    deliverLater(appMailer(app.env), r.notifications);
    return { taskId: r.taskId, version: r.version, assignees: r.assignees };
  },
);

/** GET /api/v1/tasks/:taskId/reassign — users and roles the task can be handed to (the reassign dialog). */
export const GET = apiRoute(
  {
    response: reassignCandidatesBody,
    summary: "Users and roles the task can be handed to",
    errors: ["not_found"],
    roles: permissions["tasks:decide"],
    params: taskParams,
  },
  async ({ app, params }) => reassignCandidates(app.db.sql, params.taskId),
);
