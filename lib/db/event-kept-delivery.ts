// Kept events reach a Wait for event that parks after they were published. Called by the engine store
// inside the worker's commit, right after the waiting step rows are written: an event kept for the
// step's wait key (and not yet delivered to this run) is written into the row, and the run is
// signalled, so the worker's fenced UPDATE reports `signalled` and it reloads and resumes the step.
//
// The race with a publisher: on SQLite, BEGIN IMMEDIATE serialises both transactions. On PostgreSQL
// both take a transaction-scoped advisory lock on the wait key (the publisher only when it keeps the
// event), so either the publisher sees the committed waiting step, or this commit sees the kept event.
import "server-only";
import type { StepRecord } from "@/lib/engine/ports";
import { isEventWaitKey, waitKeyOfInput, type WaitDelivery } from "@/lib/model/wait-keys";
import { num, parseJsonColumn } from "./row-codec";
import { signalRun } from "./signal-run";
import type { SqlDb, SqlQuery, SqlStatement } from "./sql";

/**
 * Serialises publishers that keep an event and parkers of the same wait key (PostgreSQL only). In a
 * script it must be a statement of its own, before the reads it protects: a statement's snapshot is
 * older than the locks it waits for.
 */
export function lockWaitKeyStatement(waitKey: string): SqlStatement {
  return { sql: `SELECT pg_advisory_xact_lock(hashtext(?)) AS "locked"`, params: [`event-wait:${waitKey}`] };
}

export async function lockWaitKey(q: SqlQuery, dialect: SqlDb["dialect"], waitKey: string): Promise<void> {
  if (dialect !== "postgresql") return;
  const lock = lockWaitKeyStatement(waitKey);
  await q.all(lock.sql, lock.params);
}

export async function deliverKeptEvents(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  runId: string,
  steps: StepRecord[],
  atMs: number,
): Promise<void> {
  const parked: { step: StepRecord; waitKey: string }[] = [];
  for (const s of steps) {
    if (s.status !== "waiting" || s.kind !== "wait_event") continue;
    const waitKey = waitKeyOfInput(s.input);
    if (waitKey && isEventWaitKey(waitKey)) parked.push({ step: s, waitKey });
  }
  if (!parked.length) return;
  for (const k of [...new Set(parked.map((p) => p.waitKey))].sort()) await lockWaitKey(q, dialect, k);
  let delivered = false;
  for (const { step, waitKey } of parked) {
    const rows = await q.all<{ id: string; name: string; key: string | null; data: string; receivedAtMs: number }>(
      `SELECT e."id", e."name", e."key", e."data", e."receivedAtMs" FROM "PublishedEvent" e
       WHERE e."waitKey"=? AND e."keepUntilMs" >= ?
         AND NOT EXISTS (SELECT 1 FROM "EventDelivery" d WHERE d."eventId"=e."id" AND d."runId"=?)
       ORDER BY e."receivedAtMs" LIMIT 1`,
      [waitKey, atMs, runId],
    );
    const e = rows[0];
    if (!e) continue;
    const output: WaitDelivery = {
      delivery: {
        source: "event",
        id: e.id,
        name: e.name,
        key: e.key,
        data: parseJsonColumn(e.data, null),
        atMs: num(e.receivedAtMs) ?? atMs,
      },
    };
    const n = await q.run(`UPDATE "Step" SET "output"=? WHERE "runId"=? AND "stepKey"=? AND "status"='waiting' AND "output" IS NULL`, [
      JSON.stringify(output),
      runId,
      step.stepKey,
    ]);
    if (n === 0) continue;
    await q.run(`INSERT INTO "EventDelivery" ("eventId","runId","stepKey","atMs") VALUES (?,?,?,?)`, [e.id, runId, step.stepKey, atMs]);
    delivered = true;
  }
  if (delivered) await signalRun(q, runId, atMs);
}
