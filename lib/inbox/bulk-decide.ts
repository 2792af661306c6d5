// Bulk approve: a reviewer approves several selected tasks at once. Each task goes through the same
// decideTask path as a single decision (rights, separation of duties, delegation, quorum, claims and
// version, all in its own transaction) and answers on its own; a task whose approval step does not
// set `allowBulk` is refused. The node's config comes from the task's pinned workflow version, which
// never changes, so reading it before the decision's transaction is safe.
import { z } from "zod";
import type { SqlQuery } from "@/lib/db/sql";
import { selectVersionGraph } from "@/lib/db/version-graph-read";
import { findTask } from "@/lib/db/task-store";
import { decideTask } from "@/lib/engine/run-service";
import type { EngineDeps } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";

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

const graphNodes = z.object({
  nodes: z.array(z.looseObject({ id: z.string(), config: z.looseObject({ allowBulk: z.boolean().optional() }).optional() })),
});

/** Whether the approval node behind the task allows bulk approval (false when anything is missing). */
async function allowsBulk(q: SqlQuery, versionId: string, nodeId: string, cache: Map<string, Set<string>>): Promise<boolean> {
  let allowed = cache.get(versionId);
  if (!allowed) {
    allowed = new Set();
    const text = await selectVersionGraph(q, versionId);
    let parsed: unknown = null;
    try {
      parsed = text === null ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    const g = graphNodes.safeParse(parsed);
    if (g.success) for (const n of g.data.nodes) if (n.config?.allowBulk === true) allowed.add(n.id);
    cache.set(versionId, allowed);
  }
  return allowed.has(nodeId);
}

export async function bulkDecide(
  q: SqlQuery,
  engine: EngineDeps,
  user: { id: string; roles: readonly string[] },
  input: BulkDecideInput,
): Promise<BulkDecideResult[]> {
  const graphs = new Map<string, Set<string>>();
  const results: BulkDecideResult[] = [];
  for (const taskId of [...new Set(input.taskIds)]) {
    try {
      const task = await findTask(q, taskId);
      if (!task) throw new DomainError("not_found", "Task not found.");
      if (!(await allowsBulk(q, task.versionId, task.nodeId, graphs))) {
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
