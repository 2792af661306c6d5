// Who is told about a task: its user assignees and the members of its role assignees, limited to
// enabled users whose role may decide tasks (a notification about something you cannot act on is
// noise), minus the actor and, under separation of duties, the run's initiator.
import type { SqlQuery } from "@/lib/db/sql";
import { can, roleSchema } from "@/lib/auth/roles";

export interface Recipient {
  id: string;
  email: string;
  name: string;
}

export async function resolveRecipients(
  q: SqlQuery,
  assignees: readonly { type: "user" | "role"; value: string }[],
  exclude: readonly (string | null | undefined)[] = [],
): Promise<Recipient[]> {
  const userIds = assignees.filter((a) => a.type === "user").map((a) => a.value);
  const roles = assignees.filter((a) => a.type === "role").map((a) => a.value);
  const where: string[] = [];
  const params: string[] = [];
  if (userIds.length) {
    where.push(`"id" IN (${userIds.map(() => "?").join(",")})`);
    params.push(...userIds);
  }
  if (roles.length) {
    where.push(`"role" IN (${roles.map(() => "?").join(",")})`);
    params.push(...roles);
  }
  if (!where.length) return [];
  const rows = await q.all<{ id: string; email: string; name: string; role: string; disabled: unknown }>(
    `SELECT "id","email","name","role","disabled" FROM "User" WHERE (${where.join(" OR ")})`,
    params,
  );
  const skip = new Set(exclude.filter((x): x is string => typeof x === "string"));
  return rows
    .filter((r) => !r.disabled || r.disabled === "0")
    .filter((r) => {
      const role = roleSchema.safeParse(r.role);
      return role.success && can(role.data, "tasks:decide");
    })
    .filter((r) => !skip.has(String(r.id)))
    .map((r) => ({ id: String(r.id), email: String(r.email), name: String(r.name) }));
}
