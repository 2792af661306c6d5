// Resolving the signed-in user on the server, from the session cookie or an API key.
//
// Every API request and page does this, so the usual case is one indexed raw query: the session
// cookie's signature is checked here (./signed-cookie, as better-auth signs it) and the session and
// its user are read together (lib/db/session-store). Nothing is cached: a deleted session or a
// disabled account is refused on the next request. Whatever is not that plain case (no valid cookie,
// an unknown or expired session, one due for its sliding refresh, a cookie-cache cookie to clear)
// goes through better-auth's own getSession, which refreshes, expires and clears cookies as before.
// Going through better-auth for every request cost about a third of the server's CPU in a burst
// (its Prisma adapter compiles each query again; docs/security.md, "Bursts").
import "server-only";
import { roleSchema, type Role } from "./roles";
import { getAppContext } from "@/lib/server/app-context";
import { verifyApiKey } from "./api-keys";
import { countUsers } from "@/lib/db/user-store";
import { findSessionByToken } from "@/lib/db/session-store";
import type { SqlDb } from "@/lib/db/sql";
import type { Auth } from "./auth";
import { readCookie, readSignedCookie } from "./signed-cookie";

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
  const { auth, db } = getAppContext();
  const fast = await sessionUserFast(auth, db.sql, headers);
  if (fast !== undefined) return fast && sessionUser(fast);
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return sessionUser(session.user as typeof session.user & { role?: unknown; disabled?: unknown });
}

function sessionUser(u: { id: string; email: string; name: string; role?: unknown; disabled?: unknown }): ResolvedUser | null {
  if (u.disabled === true) return null;
  const role = roleSchema.safeParse(u.role);
  return {
    user: { id: u.id, email: u.email, name: u.name, role: role.success ? role.data : "viewer" },
    method: "session",
  };
}

interface CookieRules {
  secret: string;
  tokenCookie: string;
  dataCookie: string;
  expiresInMs: number;
  updateAgeMs: number;
}

const rulesOf = new WeakMap<Auth, Promise<CookieRules>>();

function cookieRules(auth: Auth): Promise<CookieRules> {
  let rules = rulesOf.get(auth);
  if (!rules) {
    rules = auth.$context.then((c) => ({
      secret: c.secret,
      tokenCookie: c.authCookies.sessionToken.name,
      dataCookie: c.authCookies.sessionData.name,
      expiresInMs: c.sessionConfig.expiresIn * 1000,
      updateAgeMs: c.sessionConfig.updateAge * 1000,
    }));
    rulesOf.set(auth, rules);
  }
  return rules;
}

/**
 * The session's user read directly (null: no session cookie at all), or undefined when better-auth
 * must answer: a forged, unknown or expired token, a session due for its refresh (better-auth moves
 * its expiry and sets the cookie again), or a cookie-cache cookie it clears.
 */
export async function sessionUserFast(
  auth: Auth,
  db: SqlDb,
  headers: Headers,
  nowMs = Date.now(),
): Promise<SessionUserRow | null | undefined> {
  const rules = await cookieRules(auth);
  const cookie = headers.get("cookie");
  if (readCookie(cookie, rules.dataCookie) !== null) return undefined;
  if (readCookie(cookie, rules.tokenCookie) === null) return null;
  const token = readSignedCookie(cookie, rules.tokenCookie, rules.secret);
  if (token === null) return undefined;
  const found = await findSessionByToken(db, token);
  if (!found || found.expiresAtMs <= nowMs) return undefined;
  if (found.expiresAtMs - rules.expiresInMs + rules.updateAgeMs <= nowMs) return undefined;
  return found.user;
}

type SessionUserRow = { id: string; email: string; name: string; role: string; disabled: boolean };

export async function hasAnyUser(): Promise<boolean> {
  const { db } = getAppContext();
  return (await countUsers(db.sql)) > 0;
}
