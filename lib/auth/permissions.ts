// Roles and what each may do. Checked on the server for every page and API route. Free of zod so
// client components (sidebar, account menu) can use it without bringing zod into every page; the
// zod schema for a role is in ./roles.

export const roles = ["admin", "designer", "reviewer", "viewer", "auditor"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: "Admin",
  designer: "Designer",
  reviewer: "Reviewer",
  viewer: "Viewer",
  auditor: "Auditor",
};

export const roleDescriptions: Record<Role, string> = {
  admin: "Everything, including users, providers and credentials",
  designer: "Builds and publishes workflows, starts and controls runs",
  reviewer: "Decides inbox tasks",
  viewer: "Reads workflows, runs and tasks",
  auditor: "Reads everything a viewer reads, plus the audit trail: search, export and verify it",
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
  // The audit trail (read, export, verify, sign checkpoints): admins, and auditors — a read-only role so
  // a compliance officer or external auditor can examine the trail without being able to change what
  // it records (users, workflows, credentials); the people it audits (designers, reviewers) cannot.
  "audit:read": ["admin", "auditor"],
  "settings:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}
