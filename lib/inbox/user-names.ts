// Display labels for assignees: a role's label as the UI says it, or a user's name from a map loaded
// with loadUserNames (lib/db/user-directory-read).
import { roleLabels, roleSchema } from "@/lib/auth/roles";
import type { AssigneeView } from "./task-types";

export function roleLabel(role: string): string {
  const r = roleSchema.safeParse(role);
  return r.success ? `${roleLabels[r.data]}s` : role;
}

export function assigneeView(a: { type: "user" | "role"; value: string }, names: Map<string, string>): AssigneeView {
  return { type: a.type, id: a.value, label: a.type === "user" ? (names.get(a.value) ?? "Unknown user") : roleLabel(a.value) };
}
