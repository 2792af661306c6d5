// Who an open task can be handed to: enabled users whose role may decide (minus the run's initiator
// under separation of duties) and the deciding roles. Feeds the reassign dialog.
import type { SqlQuery } from "@/lib/db/sql";
import { usersWithRoles } from "@/lib/db/user-directory-read";
import { can, roles, type Role } from "@/lib/auth/roles";
import { getTaskOr404 } from "./require-task";
import { roleLabel } from "./user-names";

const MAX_USERS = 1000;

export interface ReassignCandidates {
  users: { id: string; name: string; email: string; role: Role }[];
  roles: { id: Role; label: string }[];
}

export async function reassignCandidates(q: SqlQuery, taskId: string): Promise<ReassignCandidates> {
  const task = await getTaskOr404(q, taskId);
  const deciding = roles.filter((r) => can(r, "tasks:decide"));
  const users = await usersWithRoles(q, deciding, MAX_USERS);
  return {
    users: users
      .filter((u) => !u.disabled)
      .filter((u) => !(task.separationOfDuties && task.initiatorId === u.id))
      .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role as Role })),
    roles: deciding.map((r) => ({ id: r, label: roleLabel(r) })),
  };
}
