// Per-account sign-in throttle, kept in better-auth's RateLimit table under keys "account|<email>"
// (better-auth's own keys are "<ip>|<path>", so they never meet). For these rows "lastRequest" holds
// the END of the window in epoch ms: better-auth prunes rows whose lastRequest is older than its
// longest window (60 s), so a row is only pruned once its own window has ended.
//
// An attempt is counted before the password is checked, in one atomic upsert, so a burst of
// concurrent guesses cannot all pass a stale read; a successful sign-in clears the count.
import "server-only";
import { randomUUID } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";

const keyOf = (account: string) => `account|${account}`;

/** Counts one attempt for the account and returns the attempts in the current window (this one included). */
export async function countSignInAttempt(
  db: SqlDb,
  account: string,
  windowMs: number,
  nowMs: number,
): Promise<{ count: number; windowEndMs: number }> {
  const end = nowMs + windowMs;
  const rows = await db.all<{ count: number; lastRequest: number }>(
    `INSERT INTO "RateLimit" ("id","key","count","lastRequest") VALUES (?,?,1,?)
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimit"."lastRequest" <= ? THEN 1 ELSE "RateLimit"."count" + 1 END,
       "lastRequest" = CASE WHEN "RateLimit"."lastRequest" <= ? THEN ? ELSE "RateLimit"."lastRequest" END
     RETURNING "count","lastRequest"`,
    [randomUUID(), keyOf(account), end, nowMs, nowMs, end],
  );
  return { count: Number(rows[0].count), windowEndMs: Number(rows[0].lastRequest) };
}

/** A successful sign-in: the account's failures are forgotten. */
export async function clearSignInAttempts(db: SqlDb, account: string): Promise<void> {
  await db.run(`DELETE FROM "RateLimit" WHERE "key"=?`, [keyOf(account)]);
}
