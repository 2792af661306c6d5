import { apiRoute } from "@/lib/api/route";
import { decideBody } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { decideTaskBody, taskParams } from "@/lib/engine/api-schemas";
import { decideTask } from "@/lib/engine/run-service";

/**
 * POST /api/v1/tasks/:taskId/decide `{ decision, comment?, payload?, expectedVersion? }` — one atomic
 * decision (rights, separation of duties, task state and version checked in the transaction).
 */
export const POST = apiRoute(
  {
    response: decideBody,
    summary: "Approve or reject a task",
    errors: ["not_found", "task_closed", "already_decided", "separation_of_duties", "task_version_conflict", "validation_failed"],
    roles: permissions["tasks:decide"],
    params: taskParams,
    body: decideTaskBody,
  },
  async ({ app, params, body, user }) =>
    decideTask(app.engine, {
      taskId: params.taskId,
      userId: user.id,
      userRoles: [user.role],
      decision: body.decision,
      comment: body.comment,
      payload: body.payload,
      expectedVersion: body.expectedVersion,
    }),
);
