import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { claimOut } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { claimBody, claimTask, releaseTask } from "@/lib/inbox/claim-task";
import { principalWithDelegations } from "@/lib/inbox/delegation";
import { taskParams } from "@/lib/inbox/task-params";

/**
 * POST /api/v1/tasks/:taskId/claim `{ takeOver?, expectedVersion? }` — a reviewer who may decide an
 * open single-decision task claims it: the others see who has it, and only the claimer may decide it.
 * Admins may take over another reviewer's claim with `takeOver: true`.
 */
export const POST = apiRoute(
  {
    response: claimOut,
    summary: "Claim a task (admins: take it over)",
    errors: ["not_found", "task_closed", "task_claimed", "claim_not_applicable", "task_version_conflict"],
    roles: permissions["tasks:decide"],
    params: taskParams,
    body: claimBody,
    examples: { request: { takeOver: false }, response: { taskId: "t_1", version: 3, claimedBy: "u_1", claimedAtMs: 1796590000000 } },
  },
  async ({ app, user, params, body }) => {
    const db = app.db.sql;
    return claimTask(db, params.taskId, await principalWithDelegations(db, user, await db.now()), body);
  },
);

/** DELETE /api/v1/tasks/:taskId/claim?expectedVersion= — the claimer (or an admin) releases the task. */
export const DELETE = apiRoute(
  {
    response: claimOut,
    summary: "Release a claimed task",
    errors: ["not_found", "task_closed", "task_claimed", "task_version_conflict"],
    roles: permissions["tasks:decide"],
    params: taskParams,
    query: z.object({ expectedVersion: z.coerce.number().int().min(0).max(2_147_483_647).optional() }),
    examples: { response: { taskId: "t_1", version: 4, claimedBy: null, claimedAtMs: null } },
  },
  async ({ app, user, params, query }) => {
    const db = app.db.sql;
    return releaseTask(db, params.taskId, await principalWithDelegations(db, user, await db.now()), query.expectedVersion);
  },
);
