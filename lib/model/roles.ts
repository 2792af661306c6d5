/** Workspace roles that can be assigned approvals. */
export const WORKSPACE_ROLES = ["admin", "designer", "reviewer", "viewer"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
