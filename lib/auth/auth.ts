// better-auth: email + password, sessions in our database (Prisma adapter), roles as a user field.
// Sign-up is closed: the first admin comes from the setup page, the rest from Settings → Users.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import type { Env } from "@/lib/env";
import type { Database } from "@/lib/db/connection";

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
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
