import { apiRoute } from "@/lib/api/route";
import { auditDetailBody } from "@/lib/api/responses/audit";
import { permissions } from "@/lib/auth/roles";
import { auditEventParams } from "@/lib/audit/api-schemas";
import { auditLinks } from "@/lib/audit/event-links";
import { getAuditEvent } from "@/lib/db/audit-read";
import { DomainError } from "@/lib/errors/domain-error";

/** GET /api/v1/audit/:eventId — one audit event with everything recorded, and links to what it names. */
export const GET = apiRoute(
  {
    response: auditDetailBody,
    summary: "One audit event in full",
    errors: ["not_found"],
    roles: permissions["audit:read"],
    params: auditEventParams,
  },
  async ({ app, params }) => {
    const event = await getAuditEvent(app.db.sql, params.eventId);
    if (!event) throw new DomainError("not_found", "No audit event with this id.");
    return { event, links: auditLinks(event) };
  },
);
