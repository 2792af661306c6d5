import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { delegationListOut, delegationOut } from "@/lib/api/responses/tasks";
import { permissions } from "@/lib/auth/roles";
import { createDelegation, delegationBody, listMyDelegations } from "@/lib/inbox/delegation";

/** GET /api/v1/delegations?all= — the caller's out-of-office delegations (given and received) that have not ended; admins may ask for all. */
export const GET = apiRoute(
  {
    response: delegationListOut,
    summary: "Out-of-office delegations that have not ended",
    roles: permissions["tasks:decide"],
    query: z.object({ all: z.enum(["true", "false"]).optional() }),
  },
  async ({ app, user, query }) => {
    const db = app.db.sql;
    return { delegations: await listMyDelegations(db, await db.now(), user, query.all === "true") };
  },
);

/**
 * POST /api/v1/delegations `{ delegateId, fromMs, toMs, note?, userId? }` — out of office: the tasks
 * assigned to the user by name are also the delegate's between the two times (separation of duties
 * still applies). Overlapping windows of one user are refused (409); `userId` is for admins.
 */
export const POST = apiRoute(
  {
    response: delegationOut,
    status: 201,
    summary: "Delegate my tasks while I am out of office",
    errors: ["invalid_delegate", "delegation_overlap", "forbidden", "validation_failed"],
    roles: permissions["tasks:decide"],
    body: delegationBody,
    examples: { request: { delegateId: "u_2", fromMs: 1796590000000, toMs: 1797190000000, note: "Holiday" } },
  },
  async ({ app, user, body }) => Response.json({ delegation: await createDelegation(app.db.sql, user, body) }, { status: 201 }),
);
