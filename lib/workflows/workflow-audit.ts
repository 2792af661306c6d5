// What the audit log records for the workflow changes that alter what runs or what exists: publish
// (a new immutable version, live or not), live_changed (promote or roll back), delete (soft) and
// restore (an old version becomes the draft). The
// record is appended by lib/db/workflow-store inside the transaction that makes the change.
// step_tested (Run one step, which calls out but stores nothing) is recorded before the call goes out.
import type { AuditInput } from "@/lib/db/audit-store";
import type { AuthMethod } from "@/lib/auth/session";

export type WorkflowAuditAction =
  "workflow.published" | "workflow.deleted" | "workflow.restored" | "workflow.live_changed" | "workflow.step_tested";

export function workflowAudit(event: {
  action: WorkflowAuditAction;
  workflowId: string;
  actor: { id: string; authMethod: AuthMethod };
  atMs: number;
  data: Record<string, unknown>;
}): AuditInput {
  return {
    atMs: event.atMs,
    actorId: event.actor.id,
    actorType: event.actor.authMethod === "api_key" ? "api_key" : "user",
    action: event.action,
    targetType: "workflow",
    targetId: event.workflowId,
    data: event.data,
  };
}
