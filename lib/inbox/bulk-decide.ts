// Bulk approve: a reviewer approves several selected tasks at once. Each task goes through the same
// decideTask path as a single decision (rights, separation of duties, delegation, quorum, claims and
// version, all in its own transaction) and answers on its own; a task whose approval step does not
// set `allowBulk` is refused. The node's config comes from the task's pinned workflow version, which
// never changes, so reading it before the decision's transaction is safe (lib/inbox/bulk-allowed.ts).
import { z } from "zod";
import type { SqlQuery } from "@/lib/db/sql";
import { findTask } from "@/lib/db/task-store";
import { decideTask } from "@/lib/engine/run-service";
import type { EngineDeps } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { allowsBulk } from "./bulk-allowed";

export const MAX_BULK_TASKS = 100;

export const bulkDecideBody = z.strictObject({
  taskIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_BULK_TASKS),
  decision: z.literal("approve"),
  comment: z.string().max(10_000).optional(),
});

export type BulkDecideInput = z.output<typeof bulkDecideBody>;

export interface BulkDecideResult {
  taskId: string;
  ok: boolean;
  code?: string;
  message?: string;
}

export async function bulkDecide(
  q: SqlQuery,
  engine: EngineDeps,
  user: { id: string; roles: readonly string[] },
  input: BulkDecideInput,
): Promise<BulkDecideResult[]> {
  const results: BulkDecideResult[] = [];
  for (const taskId of [...new Set(input.taskIds)]) {
    try {
      const task = await findTask(q, taskId);
      if (!task) throw new DomainError("not_found", "Task not found.");
      if (!(await allowsBulk(q, task.versionId, task.nodeId))) {
        throw new DomainError(
          "bulk_not_allowed",
          "This task's approval step does not allow bulk approval; open it and decide it on its own.",
        );
      }
      await decideTask(engine, { taskId, userId: user.id, userRoles: user.roles, decision: "approve", comment: input.comment });
      results.push({ taskId, ok: true });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      results.push({ taskId, ok: false, code: e.code, message: e.message });
    }
  }
  return results;
}
