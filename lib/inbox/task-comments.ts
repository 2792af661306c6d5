// Comments on a task (open or closed): one transaction writes the comment, a run event for live
// views and an audit record.
import { z } from "zod";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { getTaskOr404 } from "./task-row";
import { appendRunEvent, auditTask, insertTaskComment, txNow } from "./task-writes";
import type { CommentView } from "./task-types";
import { loadUserNames } from "./user-names";

export const commentBody = z.strictObject({
  body: z.string().trim().min(1, "Write a comment first").max(10_000, "Comments are at most 10,000 characters"),
});

export async function addTaskComment(
  db: SqlDb,
  taskId: string,
  actor: { userId: string; name: string },
  body: string,
): Promise<CommentView> {
  return db.tx(async (q) => {
    const task = await getTaskOr404(q, taskId);
    const now = await txNow(db.dialect, q);
    const id = await insertTaskComment(q, { taskId, userId: actor.userId, kind: "comment", body, atMs: now });
    await appendRunEvent(q, task, "task.commented", { by: actor.userId, commentId: id }, now);
    await auditTask(q, db.dialect, { action: "task.commented", actorId: actor.userId, task, atMs: now, data: { commentId: id, body } });
    return { id, userId: actor.userId, userName: actor.name, kind: "comment", body, atMs: now };
  });
}

export async function listTaskComments(q: SqlQuery, taskId: string): Promise<CommentView[]> {
  await getTaskOr404(q, taskId);
  const rows = await q.all(`SELECT * FROM "TaskComment" WHERE "taskId"=? ORDER BY "atMs","id"`, [taskId]);
  const names = await loadUserNames(
    q,
    rows.map((r) => String(r.userId)),
  );
  return rows.map((r) => {
    const uid = r.userId ? String(r.userId) : null;
    const kind = r.kind === "reassign" || r.kind === "escalation" ? r.kind : "comment";
    return {
      id: String(r.id),
      userId: uid,
      userName: uid ? (names.get(uid) ?? "Unknown user") : "Switchyard",
      kind,
      body: String(r.body),
      atMs: Number(r.atMs),
    };
  });
}
