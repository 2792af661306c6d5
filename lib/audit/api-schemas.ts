// Query and body schemas of the /api/v1/audit routes.
import { z } from "zod";
import { beforeIdCursor, rowIdParam } from "@/lib/api/int-params";

/** An ISO time or epoch milliseconds. */
const time = z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const auditFilterQuery = z.object({
  actorId: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  targetType: z.string().min(1).max(50).optional(),
  targetId: z.string().min(1).max(200).optional(),
  from: time.optional().meta({ description: "Inclusive start: ISO time or epoch ms." }),
  to: time.optional().meta({ description: "Exclusive end: ISO time or epoch ms." }),
  q: z.string().min(1).max(200).optional().meta({ description: "Substring of the action, target id or recorded data." }),
});

export const auditListQuery = auditFilterQuery.extend({
  before: beforeIdCursor().optional().meta({ description: "Cursor: the nextCursor of the previous page." }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const auditExportQuery = auditFilterQuery.extend({
  format: z.enum(["jsonl", "csv"]).default("jsonl"),
});

export const auditEventParams = z.object({ eventId: rowIdParam() });

export const auditVerifyBody = z
  .object({
    /** Checkpoints kept outside the database (as exported from GET /api/v1/audit/checkpoints). */
    checkpoints: z
      .array(
        z.object({
          seq: z.number().int().min(1),
          headHash: z.string().regex(/^[0-9a-f]{64}$/),
          atMs: z.number(),
          signature: z.string().max(200),
          publicKey: z.string().max(500),
        }),
      )
      .max(10_000)
      .optional(),
  })
  .default({});

export type AuditFilterQuery = z.infer<typeof auditFilterQuery>;

export function toAuditFilter(q: AuditFilterQuery) {
  return {
    actorId: q.actorId,
    action: q.action,
    targetType: q.targetType,
    targetId: q.targetId,
    fromMs: q.from,
    toMs: q.to,
    q: q.q,
  };
}
