// Which open tasks a user may decide: assigned to them, to one of their roles, or any task for an
// admin. The navigation badge counts these with the same assignment condition as the inbox list's
// default view (lib/inbox/list-tasks.ts), so the badge and the list's total always agree.
import type { SqlQuery } from "@/lib/db/sql";
import type { SessionUser } from "@/lib/auth/session";
import { countAssigned } from "./list-tasks";
import { principalOf } from "./task-access";

export async function countOpenTasksFor(q: SqlQuery, user: Pick<SessionUser, "id" | "role">): Promise<number> {
  const p = principalOf(user);
  return p.decider ? countAssigned(q, "all", p) : 0;
}
