// A better-auth plugin with our sign-in rules beside better-auth's per-client rate limit:
// - per account: at most `accountLimit` failed sign-ins per email per window, whatever the client
//   address (counted before the password check, cleared by a successful sign-in), so rotating
//   addresses or forwarded headers buys an attacker nothing;
// - no session for a disabled account (a database hook, so every way of opening a session is covered);
// - /list-sessions and /change-password never hand session tokens to the browser (a token is a bearer
//   credential);
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
          matcher: (ctx) => ctx.path === "/change-password",
          handler: createAuthMiddleware(async (ctx) => {
            const result = await endpointResult(ctx.context.returned);
            if (!result || typeof result !== "object" || result instanceof Error || !("token" in result)) return;
            return ctx.json(Object.fromEntries(Object.entries(result).filter(([k]) => k !== "token")));
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/list-sessions",
          handler: createAuthMiddleware(async (ctx) => {
            const sessions = await endpointResult(ctx.context.returned);
            if (!Array.isArray(sessions)) return;
            return ctx.json(
              sessions.map((s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== "token"))),
            );
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
