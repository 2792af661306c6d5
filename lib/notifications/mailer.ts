// Optional email for notifications through SMTP (nodemailer), enabled by SMTP_URL. Email is
// best-effort and sent after the notification is committed: a failed send is logged, never retried
// into a duplicate in-app notification.
import nodemailer from "nodemailer";
import type { WrittenNotification } from "./notification-types";

export interface Mailer {
  send(notifications: readonly WrittenNotification[]): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string;
  from: string;
  /** Public base URL of the app, for links in the mail. */
  baseUrl: string;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export function createMailer(opts: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  const base = opts.baseUrl.replace(/\/+$/, "");
  return {
    async send(list) {
      for (const n of list) {
        const link = n.link ?? (n.taskId ? `${base}/inbox/${encodeURIComponent(n.taskId)}` : `${base}/inbox`);
        try {
          await transport.sendMail({
            from: opts.from,
            to: n.recipient.email,
            subject: `[Switchyard] ${n.title}`,
            text: `Hello ${n.recipient.name},\n\n${n.title}\n\nOpen it in your inbox: ${link}\n\n— Switchyard`,
          });
        } catch (e) {
          opts.log?.("notification email failed", { to: n.recipient.email, error: e instanceof Error ? e.message : String(e) });
        }
      }
    },
    close() {
      transport.close();
    },
  };
}

/** Fire-and-forget delivery for request handlers: the in-app notification is already committed. */
export function deliverLater(mailer: Mailer | null | undefined, list: readonly WrittenNotification[]): void {
  if (!mailer || !list.length) return;
  mailer.send(list).catch((e: unknown) => console.error("[notifications] email delivery failed", e));
}
