import { apiRoute } from "@/lib/api/route";
import { bulkDecideOut } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { bulkDecide, bulkDecideBody } from "@/lib/inbox/bulk-decide";

/**
 * POST /api/v1/tasks/bulk-decide `{ taskIds (≤ 100), decision: "approve", comment? }` — approve each
 * task through the same checks as a single decision; answers per task `{ taskId, ok, code?, message? }`
 * (a task whose approval step does not allow bulk approval is refused with bulk_not_allowed).
 */
export const POST = apiRoute(
  {
    response: bulkDecideOut,
    summary: "Approve several tasks, each checked on its own",
    errors: ["validation_failed"],
    roles: permissions["tasks:decide"],
    body: bulkDecideBody,
    examples: {
      request: { taskIds: ["t_1", "t_2"], decision: "approve" },
      response: {
        results: [
          { taskId: "t_1", ok: true },
          { taskId: "t_2", ok: false, code: "bulk_not_allowed", message: "…" },
        ],
      },
    },
  },
  async ({ app, user, body }) => ({ results: await bulkDecide(app.db.sql, app.engine, { id: user.id, roles: [user.role] }, body) }),
);
