// Chat approvals (Slack, Teams): the messages posted per task, the Slack interactions already
// handled (replay refusal) and the Slack user ↔ Switchyard user links.
import "server-only";
import { randomUUID } from "node:crypto";
import { isUniqueViolation } from "./row-codec";
import type { SqlQuery } from "./sql";

export interface ChatMessageRow {
  id: string;
  taskId: string;
  channel: "slack" | "teams";
  target: string;
  ts: string | null;
  state: string;
}

function toRow(r: Record<string, unknown>): ChatMessageRow {
  return {
    id: String(r.id),
    taskId: String(r.taskId),
    channel: r.channel === "teams" ? "teams" : "slack",
    target: String(r.target),
    ts: r.ts === null || r.ts === undefined ? null : String(r.ts),
    state: String(r.state),
  };
}

/**
 * Reserve the message of a task for one channel and target before posting it: the row's unique key
 * makes the post happen once whatever the number of workers. Null when it was reserved already.
 */
export async function reserveChatMessage(
  q: SqlQuery,
  m: { taskId: string; channel: "slack" | "teams"; target: string },
  atMs: number,
): Promise<string | null> {
  const id = randomUUID();
  try {
    const n = await q.run(
      `INSERT INTO "ChatMessage" ("id","taskId","channel","target","state","createdAtMs","updatedAtMs") VALUES (?,?,?,?,'posting',?,?)
       ON CONFLICT ("taskId","channel","target") DO NOTHING`,
      [id, m.taskId, m.channel, m.target, atMs, atMs],
    );
    return n > 0 ? id : null;
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

export async function markChatMessage(
  q: SqlQuery,
  id: string,
  change: { state: "posted" | "failed" | "closed"; ts?: string | null; error?: string | null },
  atMs: number,
): Promise<void> {
  await q.run(`UPDATE "ChatMessage" SET "state"=?, "ts"=COALESCE(?, "ts"), "error"=?, "updatedAtMs"=? WHERE "id"=?`, [
    change.state,
    change.ts ?? null,
    change.error?.slice(0, 500) ?? null,
    atMs,
    id,
  ]);
}

/** Posted Slack messages of tasks that are no longer open (their message should say who decided). */
export async function postedMessagesOfClosedTasks(q: SqlQuery, limit: number): Promise<ChatMessageRow[]> {
  const rows = await q.all(
    `SELECT m."id",m."taskId",m."channel",m."target",m."ts",m."state" FROM "ChatMessage" m JOIN "Task" t ON t."id"=m."taskId"
     WHERE m."state"='posted' AND m."channel"='slack' AND m."ts" IS NOT NULL AND t."status"<>'open' LIMIT ${Math.trunc(limit)}`,
  );
  return rows.map(toRow);
}

export async function chatMessagesOfTask(q: SqlQuery, taskId: string): Promise<ChatMessageRow[]> {
  const rows = await q.all(`SELECT "id","taskId","channel","target","ts","state" FROM "ChatMessage" WHERE "taskId"=?`, [taskId]);
  return rows.map(toRow);
}

/**
 * Record a handled interaction by its signature digest; false when it was handled before (a replay).
 * Rows older than `forgetBeforeMs` are no longer needed (the timestamp check refuses them anyway).
 */
export async function recordChatInteraction(q: SqlQuery, id: string, atMs: number, forgetBeforeMs: number): Promise<boolean> {
  await q.run(`DELETE FROM "ChatInteraction" WHERE "atMs" < ?`, [forgetBeforeMs]);
  try {
    return (await q.run(`INSERT INTO "ChatInteraction" ("id","atMs") VALUES (?,?) ON CONFLICT ("id") DO NOTHING`, [id, atMs])) > 0;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export interface LinkedUser {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}

async function userBy(q: SqlQuery, column: "id" | "email", value: string): Promise<LinkedUser | null> {
  const rows = await q.all<{ id: string; email: string; name: string; role: string; disabled: unknown }>(
    `SELECT "id","email","name","role","disabled" FROM "User" WHERE ${column === "id" ? `"id"` : `"email"`}=?`,
    [column === "id" ? value : value.toLowerCase()],
  );
  const r = rows[0];
  return r ? { id: String(r.id), email: String(r.email), name: String(r.name), role: String(r.role), disabled: Boolean(r.disabled) } : null;
}

/** The Switchyard user linked to a Slack user, if any. */
export async function linkedUser(q: SqlQuery, slackUserId: string): Promise<LinkedUser | null> {
  const rows = await q.all<{ userId: string }>(`SELECT "userId" FROM "ChatUserLink" WHERE "slackUserId"=?`, [slackUserId]);
  return rows[0] ? userBy(q, "id", String(rows[0].userId)) : null;
}

export async function userByEmail(q: SqlQuery, email: string): Promise<LinkedUser | null> {
  return userBy(q, "email", email);
}

export async function linkChatUser(q: SqlQuery, slackUserId: string, userId: string, atMs: number): Promise<void> {
  await q.run(
    `INSERT INTO "ChatUserLink" ("slackUserId","userId","createdAtMs") VALUES (?,?,?)
     ON CONFLICT ("slackUserId") DO UPDATE SET "userId"=excluded."userId"`,
    [slackUserId, userId, atMs],
  );
}

/** Who decided a task, in order (for the message that replaces the buttons). */
export async function taskDeciders(q: SqlQuery, taskId: string): Promise<{ name: string; decision: string; comment: string }[]> {
  const rows = await q.all<{ name: string | null; decision: string; comment: string | null }>(
    `SELECT u."name" AS "name", d."decision" AS "decision", d."comment" AS "comment" FROM "Decision" d LEFT JOIN "User" u ON u."id"=d."userId"
     WHERE d."taskId"=? ORDER BY d."atMs"`,
    [taskId],
  );
  return rows.map((r) => ({
    name: r.name === null ? "someone" : String(r.name),
    decision: String(r.decision),
    comment: String(r.comment ?? ""),
  }));
}

/** The Slack user ids linked to these Switchyard users. */
export async function slackUsersOf(q: SqlQuery, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await q.all<{ slackUserId: string }>(
    `SELECT "slackUserId" FROM "ChatUserLink" WHERE "userId" IN (${userIds.map(() => "?").join(",")}) ORDER BY "slackUserId"`,
    [...userIds],
  );
  return rows.map((r) => String(r.slackUserId));
}
