import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { delegationOut } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { cancelDelegation } from "@/lib/inbox/delegation";

/** DELETE /api/v1/delegations/:delegationId — cancel a delegation (the delegator, its creator or an admin); audited. */
export const DELETE = apiRoute(
  {
    response: delegationOut,
    summary: "Cancel an out-of-office delegation",
    errors: ["not_found"],
    roles: permissions["tasks:decide"],
    params: z.object({ delegationId: z.string().min(1).max(200) }),
  },
  async ({ app, user, params }) => ({ delegation: await cancelDelegation(app.db.sql, user, params.delegationId) }),
);
