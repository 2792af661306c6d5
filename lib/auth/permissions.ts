// Roles and what each may do. Checked on the server for every page and API route. Free of zod so
// client components (sidebar, account menu) can use it without bringing zod into every page; the
// zod schema for a role is in ./roles.

export const roles = ["admin", "designer", "reviewer", "viewer"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: "Admin",
  designer: "Designer",
  reviewer: "Reviewer",
  viewer: "Viewer",
};

export const roleDescriptions: Record<Role, string> = {
  admin: "Everything, including users, providers and credentials",
  designer: "Builds and publishes workflows, starts and controls runs",
  reviewer: "Decides inbox tasks",
  viewer: "Reads workflows, runs and tasks",
};

const everyone: readonly Role[] = roles;

export const permissions = {
  "workflows:read": everyone,
  "workflows:write": ["admin", "designer"],
  "runs:read": everyone,
  "runs:start": ["admin", "designer"],
  "runs:control": ["admin", "designer"],
  "tasks:read": everyone,
  "tasks:decide": ["admin", "reviewer"],
  "audit:read": ["admin"],
  "settings:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}
