// Resolving the signed-in user on the server, from the session cookie or an API key.
import "server-only";
import { roleSchema, type Role } from "./roles";
import { getAppContext } from "@/lib/server/app-context";
import { verifyApiKey } from "./api-keys";
import { countUsers } from "@/lib/db/user-store";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export type AuthMethod = "session" | "api_key";

export interface ResolvedUser {
  user: SessionUser;
  method: AuthMethod;
  /** Set when an API key authenticated the request: its id and workflow scope (null = every workflow). */
  apiKey?: { id: string; workflowIds: readonly string[] | null };
}

export async function resolveUser(headers: Headers): Promise<ResolvedUser | null> {
  const authz = headers.get("authorization");
  if (authz?.startsWith("Bearer sy_")) {
    const { db, env } = getAppContext();
    const found = await verifyApiKey(db.sql, authz.slice("Bearer ".length).trim(), { headers, trustProxy: env.SWITCHYARD_TRUST_PROXY });
    return found ? { user: found.user, method: "api_key", apiKey: found.key } : null;
  }
  const { auth } = getAppContext();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: unknown; disabled?: unknown };
  if (u.disabled === true) return null;
  const role = roleSchema.safeParse(u.role);
  return {
    user: { id: u.id, email: u.email, name: u.name, role: role.success ? role.data : "viewer" },
    method: "session",
  };
}

export async function hasAnyUser(): Promise<boolean> {
  const { db } = getAppContext();
  return (await countUsers(db.sql)) > 0;
}
