// Notification email through SMTP (nodemailer) against a real local sink (smtp-server on loopback).
import { afterAll, beforeAll, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { describeEachDb } from "@/tests/helpers/test-db";
import { InboxSweeper } from "@/lib/inbox/inbox-sweep";
import { reassignTask, reassignBody } from "@/lib/inbox/reassign-task";
import { createMailer, type Mailer } from "@/lib/notifications/mailer";
import { listNotifications, markNotificationsRead } from "@/lib/db/notification-store";
import { addUser, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";

/** Undo quoted-printable soft breaks and RFC 2047 Q-encoded words, enough to read headers and body. */
function readable(raw: string): string {
  const qp = (t: string) => t.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return raw
    .replace(/\?=\r\n\s+=\?UTF-8\?Q\?/g, "")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, w: string) => qp(w.replace(/_/g, " ")))
    .replace(/=\r\n/g, "");
}

interface Mail {
  to: string[];
  body: string;
}

describeEachDb("notification email", (dialect) => {
  const { h } = useEngine(dialect);
  let sink: SMTPServer;
  let mailer: Mailer;
  const mails: Mail[] = [];
  const waiters: (() => void)[] = [];

  /** Resolves once `n` mails have arrived (event-driven, no sleeping). */
  const received = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (mails.length >= n ? resolve() : waiters.push(check));
      check();
    });

  beforeAll(async () => {
    await addUser(h.db, "alice", "reviewer");
    await addUser(h.db, "bob", "reviewer");
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      onData(stream, session, done) {
        let body = "";
        stream.on("data", (c: Buffer) => (body += c.toString("utf8")));
        stream.on("end", () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body: readable(body) });
          for (const w of waiters.splice(0)) w();
          done();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    const port = (sink.server.address() as AddressInfo).port;
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "switchyard@example.com", baseUrl: "http://inbox.test" });
  });
  afterAll(async () => {
    mailer?.close();
    await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
  });

  it("a new task and a reassignment are notified in the app and by email with a link to the task", async () => {
    const sweeper = new InboxSweeper(h.db.sql, { newTaskIntervalMs: 0, escalationIntervalMs: 0, mailer });
    const { task } = await parkedTask(h, { assignees: { users: ["alice"], roles: [] } });
    await sweeper.run();
    await received(1);
    expect(mails[0].to).toEqual(["alice@example.com"]);
    expect(mails[0].body).toContain('Subject: [Switchyard] New task: "Review"');
    expect(mails[0].body).toContain(`http://inbox.test/inbox/${task.id}`);

    // the sweep does not notify the same task twice
    await sweeper.run();
    expect((await listNotifications(h.db.sql, "alice", { limit: 10, unreadOnly: true })).unread).toBe(1);

    const r = await reassignTask(
      h.db.sql,
      task.id,
      { userId: "alice", roles: ["reviewer"], isAdmin: false, decider: true, name: "Alice" },
      reassignBody.parse({ to: { type: "user", id: "bob" }, note: "yours" }),
    );
    await mailer.send(r.notifications);
    await received(2);
    expect(mails[1].to).toEqual(["bob@example.com"]);
    expect(mails[1].body).toContain("Alice reassigned");

    // reading: one, then all
    const bobs = await listNotifications(h.db.sql, "bob", { limit: 10, unreadOnly: false });
    expect(bobs.unread).toBe(1);
    expect(await markNotificationsRead(h.db.sql, "bob", [bobs.notifications[0].id])).toBe(1);
    expect(await markNotificationsRead(h.db.sql, "alice", [bobs.notifications[0].id])).toBe(0);
    expect((await listNotifications(h.db.sql, "bob", { limit: 10, unreadOnly: false })).notifications[0].read).toBe(true);
    // Alice's notification of the task was closed for everyone when the task was reassigned to Bob.
    expect((await listNotifications(h.db.sql, "alice", { limit: 10, unreadOnly: true })).unread).toBe(0);
    expect(await markNotificationsRead(h.db.sql, "alice", "all")).toBe(0);
  });
});
