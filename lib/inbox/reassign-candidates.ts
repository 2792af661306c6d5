// Who an open task can be handed to: enabled users whose role may decide (minus the run's initiator
// under separation of duties) and the deciding roles. Feeds the reassign dialog.
import type { SqlQuery } from "@/lib/db/sql";
import { can, roles, type Role } from "@/lib/auth/roles";
import { getTaskOr404 } from "./task-row";
import { roleLabel } from "./user-names";

export interface ReassignCandidates {
  users: { id: string; name: string; email: string; role: Role }[];
  roles: { id: Role; label: string }[];
}

export async function reassignCandidates(q: SqlQuery, taskId: string): Promise<ReassignCandidates> {
  const task = await getTaskOr404(q, taskId);
  const deciding = roles.filter((r) => can(r, "tasks:decide"));
  const rows = await q.all<{ id: string; name: string; email: string; role: string; disabled: unknown }>(
    `SELECT "id","name","email","role","disabled" FROM "User" WHERE "role" IN (${deciding.map(() => "?").join(",")}) ORDER BY "name" LIMIT 1000`,
    [...deciding],
  );
  return {
    users: rows
      .filter((u) => !u.disabled || u.disabled === "0")
      .filter((u) => !(task.separationOfDuties && task.initiatorId === u.id))
      .map((u) => ({ id: String(u.id), name: String(u.name), email: String(u.email), role: u.role as Role })),
    roles: deciding.map((r) => ({ id: r, label: roleLabel(r) })),
  };
}
