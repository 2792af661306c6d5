import path from "node:path";
import type { Role } from "@/lib/auth/roles";

export const password = "correct-horse-battery";

export const users: Record<Role, { name: string; email: string }> = {
  admin: { name: "Ada Admin", email: "admin@example.com" },
  designer: { name: "Dana Designer", email: "designer@example.com" },
  reviewer: { name: "Rui Reviewer", email: "reviewer@example.com" },
  viewer: { name: "Vic Viewer", email: "viewer@example.com" },
  auditor: { name: "Aud Auditor", email: "auditor@example.com" },
};

/** Signed-in browser state per role, written by e2e/setup.setup.ts. */
export function storageStatePath(role: Role): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return path.join(dir, `state-${role}.json`);
}
