import { apiRoute } from "@/lib/api/route";
import { auditListBody } from "@/lib/api/responses/audit";
import { permissions } from "@/lib/auth/roles";
import { auditListQuery, toAuditFilter } from "@/lib/audit/api-schemas";
import { listAudit } from "@/lib/db/audit-read";

/**
 * GET /api/v1/audit?actorId&action&targetType&targetId&from&to&q&before&limit — audit events newest
 * first; `before` is the previous page's nextCursor (keyset on the chain sequence, so deep pages stay fast).
 */
export const GET = apiRoute(
  {
    response: auditListBody,
    summary: "List audit events, newest first",
    roles: permissions["audit:read"],
    query: auditListQuery,
  },
  async ({ app, query }) => listAudit(app.db.sql, toAuditFilter(query), { before: query.before, limit: query.limit }),
);
