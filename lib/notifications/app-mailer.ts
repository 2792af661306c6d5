// The process-wide mailer built from the environment (SMTP_URL, SMTP_FROM, SWITCHYARD_BASE_URL).
import type { Env } from "@/lib/env";
import { createMailer, type Mailer } from "./mailer";

const g = globalThis as unknown as { __switchyardMailer?: Mailer | null };

export function appMailer(env: Env): Mailer | null {
  if (g.__switchyardMailer === undefined) {
    g.__switchyardMailer = env.SMTP_URL
      ? createMailer({
          smtpUrl: env.SMTP_URL,
          from: env.SMTP_FROM,
          baseUrl: env.SWITCHYARD_BASE_URL ?? `http://localhost:${env.PORT}`,
          log: (msg, extra) => console.warn(`[notifications] ${msg}`, extra ?? ""),
        })
      : null;
  }
  return g.__switchyardMailer;
}
