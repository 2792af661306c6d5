import { apiRoute } from "@/lib/api/route";
import { commentBodyOut, commentsBody } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { addTaskComment, commentBody, listTaskComments } from "@/lib/inbox/task-comments";
import { taskParams } from "@/lib/inbox/task-params";

/** GET /api/v1/tasks/:taskId/comments — comments, reassignment notes and escalations, oldest first. */
export const GET = apiRoute(
  {
    response: commentsBody,
    summary: "A task's comments and notes",
    errors: ["not_found"],
    roles: permissions["tasks:read"],
    params: taskParams,
  },
  async ({ app, params }) => ({
    comments: await listTaskComments(app.db.sql, params.taskId),
  }),
);

/** POST /api/v1/tasks/:taskId/comments `{ body }` — anyone whose role may decide tasks. */
export const POST = apiRoute(
  {
    response: commentBodyOut,
    summary: "Comment on a task",
    status: 201,
    errors: ["not_found"],
    roles: permissions["tasks:decide"],
    params: taskParams,
    body: commentBody,
  },
  async ({ app, user, params, body }) => {
    const comment = await addTaskComment(app.db.sql, params.taskId, { userId: user.id, name: user.name }, body.body);
    return Response.json({ comment }, { status: 201 });
  },
);
