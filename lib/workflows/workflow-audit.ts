// Audit records for the workflow changes that alter what runs or what exists: publish (a new
// immutable version), delete (soft) and restore (an old version becomes the draft). Written by the
// routes right after the change succeeded, in their own transaction on the audit hash chain (the
// workflow store writes through Prisma, which cannot share the raw-SQL transaction of the chain).
import { appendAudit } from "@/lib/db/audit-store";
import type { AuthMethod } from "@/lib/auth/session";
import type { Database } from "@/lib/db/connection";

export type WorkflowAuditAction = "workflow.published" | "workflow.deleted" | "workflow.restored";

export async function auditWorkflow(
  db: Database,
  event: { action: WorkflowAuditAction; workflowId: string; actorId: string; authMethod: AuthMethod; data: Record<string, unknown> },
): Promise<void> {
  await db.sql.tx((q) =>
    appendAudit(q, db.sql.dialect, {
      atMs: Date.now(),
      actorId: event.actorId,
      actorType: event.authMethod === "api_key" ? "api_key" : "user",
      action: event.action,
      targetType: "workflow",
      targetId: event.workflowId,
      data: event.data,
    }),
  );
}
