// In-app notifications (the Notification table). Ids are deterministic per (event, task, user), so
// writing the same notification twice (two worker processes, a retried sweep) is a no-op.
import "server-only";
import type { NotificationView } from "@/lib/inbox/task-types";
import type { NotificationDraft, NotificationType, Recipient, WrittenNotification } from "@/lib/notifications/notification-types";
import { sqlTimestamp } from "./row-codec";
import type { SqlDb, SqlQuery, SqlStatement } from "./sql";

const TYPES: readonly string[] = ["task.new", "task.reassigned", "task.overdue", "workflow.alert"] satisfies NotificationType[];

/** Write one notification per recipient inside the caller's transaction; returns those that were new. */
export async function writeNotifications(
  q: SqlQuery,
  draft: NotificationDraft,
  recipients: readonly Recipient[],
  atMs: number,
): Promise<WrittenNotification[]> {
  const out: WrittenNotification[] = [];
  for (const r of recipients) {
    const id = `${draft.key}:${r.id}`;
    const n = await q.run(
      `INSERT INTO "Notification" ("id","userId","type","title","taskId","atMs") VALUES (?,?,?,?,?,?) ON CONFLICT ("id") DO NOTHING`,
      [id, r.id, draft.type, draft.title.slice(0, 300), draft.taskId, atMs],
    );
    if (n > 0) out.push({ id, recipient: r, type: draft.type, title: draft.title, taskId: draft.taskId });
  }
  return out;
}

export async function listNotifications(
  q: SqlQuery,
  userId: string,
  opts: { limit: number; unreadOnly: boolean },
): Promise<{ notifications: NotificationView[]; unread: number }> {
  const [rows, count] = await Promise.all([
    q.all<{ id: string; type: string; title: string; taskId: string | null; readAt: unknown; atMs: number }>(
      `SELECT "id","type","title","taskId","readAt","atMs" FROM "Notification" WHERE "userId"=?${opts.unreadOnly ? ` AND "readAt" IS NULL` : ""}
       ORDER BY "atMs" DESC, "id" DESC LIMIT ?`,
      [userId, opts.limit],
    ),
    q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Notification" WHERE "userId"=? AND "readAt" IS NULL`, [userId]),
  ]);
  return {
    notifications: rows.map((r) => ({
      id: String(r.id),
      type: (TYPES.includes(String(r.type)) ? r.type : "task.new") as NotificationType,
      title: String(r.title),
      taskId: r.taskId === null ? null : String(r.taskId),
      read: r.readAt !== null && r.readAt !== undefined,
      atMs: Number(r.atMs),
    })),
    unread: Number(count[0]?.n ?? 0),
  };
}

/** Mark the given notifications (or all) of `userId` read; returns how many changed. */
export async function markNotificationsRead(db: SqlDb, userId: string, ids: readonly string[] | "all"): Promise<number> {
  const at = sqlTimestamp(db.dialect, await db.now());
  if (ids === "all") {
    return db.run(`UPDATE "Notification" SET "readAt"=? WHERE "userId"=? AND "readAt" IS NULL`, [at, userId]);
  }
  if (!ids.length) return 0;
  return db.run(
    `UPDATE "Notification" SET "readAt"=? WHERE "userId"=? AND "readAt" IS NULL AND "id" IN (${ids.map(() => "?").join(",")})`,
    [at, userId, ...ids],
  );
}

/**
 * A task that closed (decided, cancelled) or moved to someone else: its notifications are done for
 * everyone, so no bell keeps counting work that is gone. Runs inside the transaction that closed it.
 */
export async function closeTaskNotifications(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  of: { taskId: string } | { runId: string },
  atMs: number,
): Promise<number> {
  const st = closeTaskNotificationsStatement(dialect, of, atMs);
  return q.run(st.sql, st.params);
}

/** The same as one statement (for a one-round-trip script on PostgreSQL). */
export function closeTaskNotificationsStatement(
  dialect: SqlDb["dialect"],
  of: { taskId: string } | { runId: string },
  atMs: number,
): SqlStatement {
  const at = sqlTimestamp(dialect, atMs);
  if ("taskId" in of) return { sql: `UPDATE "Notification" SET "readAt"=? WHERE "taskId"=? AND "readAt" IS NULL`, params: [at, of.taskId] };
  return {
    sql: `UPDATE "Notification" SET "readAt"=? WHERE "readAt" IS NULL AND "taskId" IN (SELECT "id" FROM "Task" WHERE "runId"=?)`,
    params: [at, of.runId],
  };
}
