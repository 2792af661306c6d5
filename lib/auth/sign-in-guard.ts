// A better-auth plugin with our sign-in rules beside better-auth's per-client rate limit:
// - per account: at most `accountLimit` failed sign-ins per email per window, whatever the client
//   address (counted before the password check, cleared by a successful sign-in), so rotating
//   addresses or forwarded headers buys an attacker nothing;
// - no session for a disabled account (a database hook, so every way of opening a session is covered);
// - no answer hands a session token to the browser (sign-in, sign-up, change-password, get-session,
//   list-sessions): the HttpOnly cookie carries the session, and a readable token could be replayed;
// - a password change always ends the user's other sessions.
import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { clearSignInAttempts, countSignInAttempt } from "@/lib/db/sign-in-throttle-store";
import { isUserDisabled } from "@/lib/db/user-store";
import type { SqlDb } from "@/lib/db/sql";

export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;

function accountOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === "string" && email.trim() !== "" ? email.trim().toLowerCase() : null;
}

async function endpointResult(returned: unknown): Promise<unknown> {
  if (returned instanceof Response) return returned.status === 200 ? ((await returned.clone().json()) as unknown) : null;
  return returned;
}

const TOKEN_PATHS = new Set(["/sign-in/email", "/sign-up/email", "/change-password", "/get-session", "/list-sessions"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const dropToken = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "token"));

function carriesToken(v: unknown): boolean {
  if (Array.isArray(v)) return v.some((x) => isObject(x) && "token" in x);
  return isObject(v) && ("token" in v || (isObject(v.session) && "token" in v.session));
}

/** The answer without session tokens: at the top level, under `session`, or in a list of sessions. */
function withoutTokens(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (isObject(x) ? dropToken(x) : x));
  if (!isObject(v)) return v;
  const out = dropToken(v);
  if (isObject(out.session)) out.session = dropToken(out.session);
  return out;
}

export function signInGuard({ db, accountLimit }: { db: SqlDb; accountLimit: number }): BetterAuthPlugin {
  return {
    id: "switchyard-sign-in-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/change-password",
          handler: createAuthMiddleware(async (ctx) => ({
            context: { body: { ...(ctx.body as Record<string, unknown>), revokeOtherSessions: true } },
          })),
        },
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const account = accountOf(ctx.body);
            if (!account) return;
            const now = Date.now();
            const { count, windowEndMs } = await countSignInAttempt(db, account, ACCOUNT_WINDOW_MS, now);
            if (count > accountLimit) {
              const retryAfterS = Math.max(1, Math.ceil((windowEndMs - now) / 1000));
              throw new APIError(
                "TOO_MANY_REQUESTS",
                { message: "Too many failed sign-ins for this account. Try again later." },
                { "X-Retry-After": String(retryAfterS), "Retry-After": String(retryAfterS) },
              );
            }
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const account = accountOf(ctx.body);
            if (account && ctx.context.newSession) await clearSignInAttempts(db, account);
          }),
        },
        {
          // Every endpoint whose answer can carry a session token: sign-in, sign-up and change-password at the
          // top level, get-session under `session`, list-sessions per entry. The browser needs none of them
          // (the HttpOnly cookie carries the session), and a script that could read one could replay it.
          matcher: (ctx) => ctx.path !== undefined && TOKEN_PATHS.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const result = await endpointResult(ctx.context.returned);
            if (!result || typeof result !== "object" || result instanceof Error || !carriesToken(result)) return;
            // ctx.json is typed for objects; list-sessions answers an array, which it serialises the same way
            return ctx.json(withoutTokens(result) as Json);
          }),
        },
      ],
    },
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              before: async (session: { userId: string }) => {
                if (await isUserDisabled(db, session.userId)) throw new APIError("FORBIDDEN", { message: "This account is disabled." });
              },
            },
          },
        },
      },
    }),
  };
}
