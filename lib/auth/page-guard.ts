// Server-side guard for pages: no users → setup; no session → sign-in (coming back here after); wrong role → 403.
import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { signInUrl } from "./return-path";
import { can, type Permission } from "./roles";
import { hasAnyUser, resolveUser, type SessionUser } from "./session";

export async function requirePageUser(permission?: Permission): Promise<SessionUser> {
  const h = await headers();
  const resolved = await resolveUser(h);
  if (!resolved) {
    if (!(await hasAnyUser())) redirect("/setup");
    redirect(signInUrl(h.get("x-request-path")));
  }
  if (permission && !can(resolved.user.role, permission)) forbidden();
  return resolved.user;
}
