import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { auditExportQuery, toAuditFilter } from "@/lib/audit/api-schemas";
import { auditExportStream } from "@/lib/audit/export-stream";
import { appendAudit } from "@/lib/db/audit-store";

/**
 * GET /api/v1/audit/export?format=jsonl|csv&<filters> — every matching event, oldest first, streamed
 * in batches (a download of any size with flat memory). The export itself is audited.
 */
export const GET = apiRoute(
  {
    response: {
      contentType: "application/x-ndjson",
      description: "JSON Lines (format=jsonl) or text/csv (format=csv), one audit event per line.",
    },
    summary: "Export audit events (JSON Lines or CSV, streamed)",
    roles: permissions["audit:read"],
    query: auditExportQuery,
  },
  async ({ app, query, user, authMethod }) => {
    const filter = toAuditFilter(query);
    const { format, ...filters } = query;
    await app.db.sql.tx((q) =>
      appendAudit(q, app.db.dialect, {
        atMs: Date.now(),
        actorId: user.id,
        actorType: authMethod === "api_key" ? "api_key" : "user",
        action: "audit.exported",
        targetType: "audit",
        targetId: "log",
        data: { format, filters },
      }),
    );
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new Response(auditExportStream(app.db.sql, filter, format), {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="audit-${stamp}.${format === "csv" ? "csv" : "jsonl"}"`,
        "cache-control": "no-store",
      },
    });
  },
);
