import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { decideTaskBody, taskParams } from "@/lib/engine/api-schemas";
import { decideTask } from "@/lib/engine/run-service";

/**
 * POST /api/v1/tasks/:taskId/decide `{ decision, comment?, payload?, expectedVersion? }` — one atomic
 * decision (rights, separation of duties, task state and version checked in the transaction).
 */
export const POST = apiRoute(
  { roles: permissions["tasks:decide"], params: taskParams, body: decideTaskBody },
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
