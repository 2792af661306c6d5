// The audit record of an inbox mutation (reassign, comment, escalate), written inside the caller's
// transaction: who, when, and what they were shown (payload hash, workflow version, task version).
import { appendAudit } from "@/lib/db/audit-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { workflowVersionNumber, type TaskRow } from "@/lib/db/task-store";
import { hashJson } from "@/lib/security/hash";

export async function auditTask(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  a: { action: string; actorId: string | null; task: TaskRow; atMs: number; data: Record<string, unknown> },
): Promise<void> {
  const version = await workflowVersionNumber(q, a.task.versionId);
  await appendAudit(q, dialect, {
    atMs: a.atMs,
    actorId: a.actorId,
    actorType: a.actorId ? "user" : "system",
    action: a.action,
    targetType: "task",
    targetId: a.task.id,
    data: {
      runId: a.task.runId,
      stepKey: a.task.stepKey,
      workflowId: a.task.workflowId,
      versionId: a.task.versionId,
      version,
      payloadHash: hashJson(a.task.payload),
      taskVersion: a.task.version,
      ...a.data,
    },
  });
}
