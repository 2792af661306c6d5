// Server-side guard for pages: no users → setup; no session → sign-in; wrong role → 403.
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "./roles";
import { hasAnyUser, resolveUser, type SessionUser } from "./session";

export async function requirePageUser(permission?: Permission): Promise<SessionUser> {
  const resolved = await resolveUser(await headers());
  if (!resolved) {
    if (!(await hasAnyUser())) redirect("/setup");
    redirect("/sign-in");
  }
  if (permission && !can(resolved.user.role, permission)) forbidden();
  return resolved.user;
}
