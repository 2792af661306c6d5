import { apiRoute } from "@/lib/api/route";
import { purgeResultBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { purgeExpired } from "@/lib/governance/retention";

/**
 * POST /api/v1/governance/retention/purge — one purge pass now, instead of waiting for the worker's
 * next one (after a retention change); bounded like the worker's, `more` says another pass is due. Audited.
 */
export const POST = apiRoute(
  { response: purgeResultBody, summary: "Run a retention purge pass now", roles: permissions["settings:manage"] },
  async ({ app, user }) => purgeExpired({ db: app.db.sql, actorId: user.id, maxBatches: 10 }),
);
