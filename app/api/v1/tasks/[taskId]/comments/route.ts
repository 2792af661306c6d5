import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { addTaskComment, commentBody, listTaskComments } from "@/lib/inbox/task-comments";
import { taskParams } from "@/lib/inbox/task-params";

/** GET /api/v1/tasks/:taskId/comments — comments, reassignment notes and escalations, oldest first. */
export const GET = apiRoute({ roles: permissions["tasks:read"], params: taskParams }, async ({ app, params }) => ({
  comments: await listTaskComments(app.db.sql, params.taskId),
}));

/** POST /api/v1/tasks/:taskId/comments `{ body }` — anyone whose role may decide tasks. */
export const POST = apiRoute(
  { roles: permissions["tasks:decide"], params: taskParams, body: commentBody },
  async ({ app, user, params, body }) => {
    const comment = await addTaskComment(app.db.sql, params.taskId, { userId: user.id, name: user.name }, body.body);
    return Response.json({ comment }, { status: 201 });
  },
);
