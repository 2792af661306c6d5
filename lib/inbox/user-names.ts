// Display names for user ids and role names (assignees, deciders, comment authors).
import type { SqlQuery } from "@/lib/db/sql";
import { roleLabels, roleSchema } from "@/lib/auth/roles";
import type { AssigneeView } from "./task-types";

export async function loadUserNames(q: SqlQuery, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await q.all<{ id: string; name: string }>(
      `SELECT "id","name" FROM "User" WHERE "id" IN (${part.map(() => "?").join(",")})`,
      part,
    );
    for (const r of rows) out.set(String(r.id), String(r.name));
  }
  return out;
}

export function roleLabel(role: string): string {
  const r = roleSchema.safeParse(role);
  return r.success ? `${roleLabels[r.data]}s` : role;
}

export function assigneeView(a: { type: "user" | "role"; value: string }, names: Map<string, string>): AssigneeView {
  return { type: a.type, id: a.value, label: a.type === "user" ? (names.get(a.value) ?? "Unknown user") : roleLabel(a.value) };
}
