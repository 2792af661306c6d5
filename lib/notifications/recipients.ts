// Who is told about a task: its user assignees and the members of its role assignees, limited to
// enabled users whose role may decide tasks (a notification about something you cannot act on is
// noise), minus the actor and, under separation of duties, the run's initiator.
import type { SqlQuery } from "@/lib/db/sql";
import { usersByIdOrRole } from "@/lib/db/user-directory-read";
import { can, roleSchema } from "@/lib/auth/roles";
import type { Recipient } from "./notification-types";

export async function resolveRecipients(
  q: SqlQuery,
  assignees: readonly { type: "user" | "role"; value: string }[],
  exclude: readonly (string | null | undefined)[] = [],
): Promise<Recipient[]> {
  const userIds = assignees.filter((a) => a.type === "user").map((a) => a.value);
  const roles = assignees.filter((a) => a.type === "role").map((a) => a.value);
  const users = await usersByIdOrRole(q, userIds, roles);
  const skip = new Set(exclude.filter((x): x is string => typeof x === "string"));
  return users
    .filter((u) => !u.disabled)
    .filter((u) => {
      const role = roleSchema.safeParse(u.role);
      return role.success && can(role.data, "tasks:decide");
    })
    .filter((u) => !skip.has(u.id))
    .map((u) => ({ id: u.id, email: u.email, name: u.name }));
}
