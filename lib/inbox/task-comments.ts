// Comments on a task (open or closed): one transaction writes the comment, a run event for live
// views and an audit record.
import { z } from "zod";
import { freeText } from "@/lib/model/text-fields";
import { personalDigest } from "@/lib/governance/subject-hash";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { readTaskComments, type TaskCommentRow } from "@/lib/db/task-detail-read";
import { appendTaskRunEvent, insertTaskComment } from "@/lib/db/task-store";
import { txNow } from "@/lib/db/tx-now";
import { loadUserNames } from "@/lib/db/user-directory-read";
import { getTaskOr404 } from "./require-task";
import { auditTask } from "./task-audit";
import type { CommentView } from "./task-types";

export const commentBody = z.strictObject({
  body: freeText(10_000, "Comments are at most 10,000 characters", { trim: true }).min(1, "Write a comment first"),
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
    await appendTaskRunEvent(q, task, "task.commented", { by: actor.userId, commentId: id }, now);
    await auditTask(q, db.dialect, {
      action: "task.commented",
      actorId: actor.userId,
      task,
      atMs: now,
      data: { commentId: id, bodyHash: personalDigest(body) },
    });
    return { id, userId: actor.userId, userName: actor.name, kind: "comment", body, atMs: now };
  });
}

/** A comment as shown: its author's name ("Switchyard" for system notes). */
export function commentView(c: TaskCommentRow, userName: (id: string | null) => string): CommentView {
  return { id: c.id, userId: c.userId, userName: userName(c.userId), kind: c.kind, body: c.body, atMs: c.atMs };
}

export async function listTaskComments(q: SqlQuery, taskId: string): Promise<CommentView[]> {
  await getTaskOr404(q, taskId);
  const rows = await readTaskComments(q, taskId);
  const names = await loadUserNames(
    q,
    rows.flatMap((r) => (r.userId === null ? [] : [r.userId])),
  );
  return rows.map((r) => commentView(r, (id) => (id === null ? "Switchyard" : (names.get(id) ?? "Unknown user"))));
}
