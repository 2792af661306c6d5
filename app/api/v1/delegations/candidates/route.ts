import { apiRoute } from "@/lib/api/route";
import { delegateCandidatesOut } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { delegateCandidates } from "@/lib/inbox/delegation";

/** GET /api/v1/delegations/candidates — the people the caller may delegate their tasks to (out of office). */
export const GET = apiRoute(
  {
    response: delegateCandidatesOut,
    summary: "People I can delegate my tasks to",
    roles: permissions["tasks:decide"],
  },
  async ({ app, user }) => ({ users: await delegateCandidates(app.db.sql, user) }),
);
