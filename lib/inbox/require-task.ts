// One task for the inbox's handlers, or the 404 a caller sees for a task id that does not exist.
import { findTask, type TaskRow } from "@/lib/db/task-store";
import type { SqlQuery } from "@/lib/db/sql";
import { notFound } from "@/lib/errors/domain-error";

/** Pass `forUpdate` inside a PostgreSQL transaction to lock the row. */
export async function getTaskOr404(q: SqlQuery, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow> {
  const t = await findTask(q, taskId, opts);
  if (!t) throw notFound(`Task ${taskId}`);
  return t;
}
