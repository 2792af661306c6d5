// Out-of-office delegations: reads and writes of the Delegation table, always on the caller's
// handle (q) so a check and its write commit together. A delegation is active at `now` when it is
// not cancelled and fromMs <= now < toMs; only the delegator's own named assignments pass (no chains).
import "server-only";
import { randomUUID } from "node:crypto";
import { num } from "./row-codec";
import type { Row, SqlDb, SqlQuery, SqlStatement } from "./sql";

export interface DelegationRow {
  id: string;
  userId: string;
  delegateId: string;
  fromMs: number;
  toMs: number;
  createdBy: string;
  note: string;
  createdAtMs: number;
  cancelledAtMs: number | null;
  cancelledBy: string | null;
}

const inList = (n: number) => Array.from({ length: n }, () => "?").join(",");

function toRow(r: Row): DelegationRow {
  return {
    id: String(r.id),
    userId: String(r.userId),
    delegateId: String(r.delegateId),
    fromMs: Number(r.fromMs),
    toMs: Number(r.toMs),
    createdBy: String(r.createdBy),
    note: String(r.note ?? ""),
    createdAtMs: Number(r.createdAtMs),
    cancelledAtMs: num(r.cancelledAtMs),
    cancelledBy: r.cancelledBy === null || r.cancelledBy === undefined ? null : String(r.cancelledBy),
  };
}

/** Active at `now` (an SQL expression). */
const activeAt = (now: string) => `"cancelledAtMs" IS NULL AND "fromMs"<=${now} AND "toMs">${now}`;
const ACTIVE = activeAt("?");

/** The delegations of `userIds` active at `now` (who stands in for each named assignee). */
export async function activeDelegationsOf(
  q: SqlQuery,
  userIds: readonly string[],
  now: number,
): Promise<{ userId: string; delegateId: string }[]> {
  if (!userIds.length) return [];
  const rows = await q.all(`SELECT "userId","delegateId" FROM "Delegation" WHERE "userId" IN (${inList(userIds.length)}) AND ${ACTIVE}`, [
    ...userIds,
    now,
    now,
  ]);
  return rows.map((r) => ({ userId: String(r.userId), delegateId: String(r.delegateId) }));
}

/**
 * PostgreSQL, one statement: the database clock (`now`) and the delegations active at it of the users
 * named as the task's assignees. Always at least one row (the clock; userId null when none is active).
 */
export function activeDelegationsOfTaskStatement(taskId: string, nowSql: string): SqlStatement {
  return {
    sql: `WITH n AS (SELECT ${nowSql} AS "now")
      SELECT n."now", d."userId", d."delegateId" FROM n LEFT JOIN "Delegation" d
        ON d."userId" IN (SELECT "value" FROM "TaskAssignee" WHERE "taskId"=? AND "type"='user')
        AND ${activeAt(`n."now"`)}`,
    params: [taskId],
  };
}

/** The users who delegated their tasks to `delegateId`, active at `now`. */
export async function activeDelegatorsFor(q: SqlQuery, delegateId: string, now: number): Promise<string[]> {
  const rows = await q.all(`SELECT "userId" FROM "Delegation" WHERE "delegateId"=? AND ${ACTIVE}`, [delegateId, now, now]);
  return [...new Set(rows.map((r) => String(r.userId)))];
}

/** Delegations given by or to `userId` that have not ended by `now` (newest first); every one with `userId` null. */
export async function listDelegations(q: SqlQuery, userId: string | null, now: number): Promise<DelegationRow[]> {
  const rows =
    userId === null
      ? await q.all(`SELECT * FROM "Delegation" WHERE "cancelledAtMs" IS NULL AND "toMs">? ORDER BY "fromMs" DESC LIMIT 500`, [now])
      : await q.all(
          `SELECT * FROM "Delegation" WHERE ("userId"=? OR "delegateId"=?) AND "cancelledAtMs" IS NULL AND "toMs">? ORDER BY "fromMs" DESC LIMIT 500`,
          [userId, userId, now],
        );
  return rows.map(toRow);
}

export async function findDelegation(q: SqlQuery, id: string): Promise<DelegationRow | null> {
  const rows = await q.all(`SELECT * FROM "Delegation" WHERE "id"=?`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** A live delegation of `userId` whose window meets [fromMs, toMs). */
export async function overlappingDelegation(q: SqlQuery, userId: string, fromMs: number, toMs: number): Promise<DelegationRow | null> {
  const rows = await q.all(
    `SELECT * FROM "Delegation" WHERE "userId"=? AND "cancelledAtMs" IS NULL AND "fromMs"<? AND "toMs">? ORDER BY "fromMs" LIMIT 1`,
    [userId, toMs, fromMs],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Serialise the delegation writes of one user (PostgreSQL row lock on the User row; SQLite has one writer). */
export async function lockDelegator(q: SqlQuery, dialect: SqlDb["dialect"], userId: string): Promise<void> {
  if (dialect === "postgresql") await q.all(`SELECT "id" FROM "User" WHERE "id"=? FOR UPDATE`, [userId]);
}

export async function insertDelegation(
  q: SqlQuery,
  d: Omit<DelegationRow, "id" | "cancelledAtMs" | "cancelledBy">,
): Promise<DelegationRow> {
  const id = randomUUID();
  await q.run(
    `INSERT INTO "Delegation" ("id","userId","delegateId","fromMs","toMs","createdBy","note","createdAtMs") VALUES (?,?,?,?,?,?,?,?)`,
    [id, d.userId, d.delegateId, d.fromMs, d.toMs, d.createdBy, d.note, d.createdAtMs],
  );
  return { ...d, id, cancelledAtMs: null, cancelledBy: null };
}

/** Cancel a live delegation; false when it was already cancelled. */
export async function cancelDelegationRow(q: SqlQuery, id: string, by: string, atMs: number): Promise<boolean> {
  const n = await q.run(`UPDATE "Delegation" SET "cancelledAtMs"=?, "cancelledBy"=? WHERE "id"=? AND "cancelledAtMs" IS NULL`, [
    atMs,
    by,
    id,
  ]);
  return n > 0;
}
