// better-auth: email + password, sessions in our database (Prisma adapter), roles as a user field.
// Sign-up is closed: the first admin comes from the setup page, the rest from Settings → Users.
// Sign-in is limited per client address (better-auth) and per account, refused for disabled
// accounts, and never lists session tokens (./sign-in-guard).
import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import type { Env } from "@/lib/env";
import type { Database } from "@/lib/db/connection";
import { signInGuard } from "./sign-in-guard";

/**
 * The header scripts/serve.mjs sets to the socket's address (overwriting any client value). Client
 * addresses come from it unless SWITCHYARD_TRUST_PROXY says a reverse proxy sets X-Forwarded-For.
 */
export const PEER_HEADER = "x-switchyard-peer";

export function createAuth({ env, db, secret }: { env: Env; db: Database; secret: string }) {
  const baseURL = env.SWITCHYARD_BASE_URL ?? `http://localhost:${env.PORT}`;
  const secure = env.SWITCHYARD_SECURE_COOKIES || baseURL.startsWith("https://");
  return betterAuth({
    appName: "Switchyard",
    baseURL,
    secret,
    database: prismaAdapter(db.prisma, { provider: db.dialect === "sqlite" ? "sqlite" : "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: env.SWITCHYARD_SIGNIN_RATE_LIMIT },
      },
    },
    trustedOrigins: (request) => {
      const origins = [baseURL];
      const host = request?.headers.get("host");
      if (host) origins.push(`http://${host}`, `https://${host}`);
      return origins;
    },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: "switchyard",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
      ipAddress: { ipAddressHeaders: env.SWITCHYARD_TRUST_PROXY ? ["x-forwarded-for", "x-real-ip"] : [PEER_HEADER] },
    },
    plugins: [signInGuard({ db: db.sql, accountLimit: env.SWITCHYARD_SIGNIN_ACCOUNT_LIMIT }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
