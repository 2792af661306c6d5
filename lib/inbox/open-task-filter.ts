// Which open tasks a user may decide: assigned to them, to one of their roles, or any task for an
// admin. The navigation badge counts these; the inbox list uses the same assignment filter
// (lib/inbox/list-tasks.ts), so the badge and the default list always agree.
import type { SqlQuery } from "@/lib/db/sql";
import type { SessionUser } from "@/lib/auth/session";
import { assignmentWhere } from "./list-tasks";
import { principalOf } from "./task-access";

export async function countOpenTasksFor(q: SqlQuery, user: Pick<SessionUser, "id" | "role">): Promise<number> {
  const p = principalOf(user);
  if (!p.decider) return 0;
  const a = assignmentWhere("all", p);
  if (!a) return 0;
  const rows = await q.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Task" t WHERE t."status"='open'${a.sql ? ` AND ${a.sql}` : ""}`,
    a.params,
  );
  return Number(rows[0]?.n ?? 0);
}
