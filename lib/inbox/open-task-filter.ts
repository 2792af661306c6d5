// Which open tasks a user may decide: assigned to them, to their role, or any task for an admin.
// Shared by the inbox list, the navigation badge and the task API.
import type { SqlQuery } from "@/lib/db/sql";
import type { SessionUser } from "@/lib/auth/session";

export async function countOpenTasksFor(q: SqlQuery, user: SessionUser): Promise<number> {
  if (user.role === "admin") {
    const rows = await q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Task" WHERE "status" = 'open'`);
    return Number(rows[0]?.n ?? 0);
  }
  const rows = await q.all<{ n: number }>(
    `SELECT COUNT(DISTINCT "taskId") AS "n" FROM "TaskAssignee"
     WHERE "status" = 'open' AND (("type" = 'user' AND "value" = ?) OR ("type" = 'role' AND "value" = ?))`,
    [user.id, user.role],
  );
  return Number(rows[0]?.n ?? 0);
}
