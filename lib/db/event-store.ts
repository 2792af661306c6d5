// Published events (POST /api/v1/events): one transaction records the event (its id dedupes), writes it
// into every waiting Wait for event step with the same wait key, records each delivery and signals each
// run. The waiters are an index lookup on Step.waitKey, so 10,000 parked runs cost one probe.
//
// On PostgreSQL that transaction is one script (one round trip, lib/engine/ARCHITECTURE.md "Round
// trips"): the insert, the match, the step writes, the deliveries, the wake-ups and the NOTIFY are one
// statement whose deliveries happen only when the insert did (a duplicate id changes nothing); the
// result is written by the next statement, which sees them.
import "server-only";
import { randomUUID } from "node:crypto";
import { eventWaitKey, type WaitDelivery } from "@/lib/model/wait-keys";
import { WAKEUP_CHANNEL } from "./engine-store";
import { liveDigest, liveDigestIsSql, listLiveVersions } from "./event-subscription-read";
import { lockWaitKey, lockWaitKeyStatement } from "./event-kept-delivery";
import { parseJsonColumn } from "./row-codec";
import { signalRun, signalRunsStatement } from "./signal-run";
import type { Param, Row, SqlDb, SqlQuery, SqlStatement } from "./sql";
import { txNow } from "./tx-now";

export interface PublishEventInput {
  /** The publisher's id for deduplication; generated when absent. */
  id?: string;
  name: string;
  key: string | null;
  data: unknown;
  publisherId: string | null;
  /** Keep the event this long for a waiter that parks later (0: not kept). */
  keepMs: number;
  /**
   * No run starts follow: the stored result is final (`started` and `failed` empty) and needs no second
   * write. `{ whileLiveDigest }`: final only if the set of live versions still has that digest (the
   * caller found no event trigger on the name in that set); `RecordedEvent.final` says which it was.
   */
  final: boolean | { whileLiveDigest: string };
}

export interface ResumedStep {
  runId: string;
  stepKey: string;
}

export interface RecordedEvent {
  id: string;
  receivedAtMs: number;
  /** The id was seen before: nothing was delivered again. `result` is what the first delivery stored. */
  duplicate: boolean;
  resumed: ResumedStep[];
  keptUntilMs: number | null;
  /** What the first delivery stored with the event (run starts are added after the transaction). */
  result: Record<string, unknown>;
  /** The stored result is final: no run starts follow (see PublishEventInput.final). */
  final: boolean;
}

const INSERT_EVENT = `INSERT INTO "PublishedEvent" ("id","name","key","waitKey","data","publisherId","receivedAtMs","keepUntilMs","result")
       VALUES (?,?,?,?,?,?,?,?,'{}') ON CONFLICT ("id") DO NOTHING`;
const WAITERS_WHERE = `"waitKey"=? AND "status"='waiting' AND "output" IS NULL AND ("wakeAtMs" IS NULL OR "wakeAtMs" > ?)`;

function deliveryText(id: string, ev: PublishEventInput, atMs: number): string {
  const output: WaitDelivery = { delivery: { source: "event", id, name: ev.name, key: ev.key, data: ev.data ?? null, atMs } };
  return JSON.stringify(output);
}

/** Record an event and resume its waiters, in one transaction (one round trip on PostgreSQL). */
export async function recordEvent(db: SqlDb, ev: PublishEventInput): Promise<RecordedEvent> {
  const id = ev.id ?? randomUUID();
  if (db.script && db.clock) return recordEventScript(db as ScriptDb, ev, id);
  const waitKey = eventWaitKey(ev.name, ev.key);
  return db.tx(async (q) => {
    const now = await txNow(db.dialect, q);
    const keptUntilMs = ev.keepMs > 0 ? now + ev.keepMs : null;
    if (purgeDue(now)) await purgeEvents(q, now - EVENT_RETENTION_MS);
    // A kept event must not slip past a waiter that is parking right now (see event-kept-delivery.ts).
    if (keptUntilMs !== null) await lockWaitKey(q, db.dialect, waitKey);
    const inserted = await q.run(INSERT_EVENT, [
      id,
      ev.name,
      ev.key,
      waitKey,
      JSON.stringify(ev.data ?? null),
      ev.publisherId,
      now,
      keptUntilMs,
    ]);
    if (inserted === 0) {
      const rows = await q.all<StoredEventRow>(`SELECT "receivedAtMs","keepUntilMs","result" FROM "PublishedEvent" WHERE "id"=?`, [id]);
      return duplicateOf(id, rows[0], now);
    }
    const waiters = await q.all<{ id: string; runId: string; stepKey: string }>(
      `SELECT "id","runId","stepKey" FROM "Step" WHERE ${WAITERS_WHERE} ORDER BY "runId","stepKey"`,
      [waitKey, now],
    );
    const outputText = deliveryText(id, ev, now);
    const resumed: ResumedStep[] = [];
    for (const w of waiters) {
      const n = await q.run(`UPDATE "Step" SET "output"=? WHERE "id"=? AND "status"='waiting' AND "output" IS NULL`, [outputText, w.id]);
      if (n === 0) continue;
      await q.run(`INSERT INTO "EventDelivery" ("eventId","runId","stepKey","atMs") VALUES (?,?,?,?)`, [id, w.runId, w.stepKey, now]);
      resumed.push({ runId: w.runId, stepKey: w.stepKey });
    }
    for (const runId of new Set(resumed.map((r) => r.runId))) await signalRun(q, runId, now);
    const final = typeof ev.final === "boolean" ? ev.final : liveDigest(await listLiveVersions(q)) === ev.final.whileLiveDigest;
    const result = final ? { resumed, started: [], failed: [] } : { resumed };
    await q.run(`UPDATE "PublishedEvent" SET "result"=? WHERE "id"=?`, [JSON.stringify(result), id]);
    return { id, receivedAtMs: now, duplicate: false, resumed, keptUntilMs, result, final };
  });
}

type ScriptDb = SqlDb & Required<Pick<SqlDb, "script" | "clock">>;

interface StoredEventRow {
  receivedAtMs: number;
  keepUntilMs: number | null;
  result: string;
}

function duplicateOf(id: string, row: StoredEventRow | undefined, now: number): RecordedEvent {
  const result = parseJsonColumn(row?.result, {}) as Record<string, unknown>;
  return {
    id,
    receivedAtMs: Number(row?.receivedAtMs ?? now),
    duplicate: true,
    resumed: [],
    keptUntilMs: row?.keepUntilMs == null ? null : Number(row.keepUntilMs),
    result,
    final: true,
  };
}

/**
 * PostgreSQL: the whole transaction as one script. The database clock is PgDb.clock's lower bound
 * (as a start's), so the deadline check can let through a waiter whose deadline passed less than one
 * round trip ago, never refuse one that had not passed.
 */
async function recordEventScript(db: ScriptDb, ev: PublishEventInput, id: string): Promise<RecordedEvent> {
  const now = await db.clock();
  if (purgeDue(now)) await db.tx((q) => purgeEvents(q, now - EVENT_RETENTION_MS));
  const waitKey = eventWaitKey(ev.name, ev.key);
  const keptUntilMs = ev.keepMs > 0 ? now + ev.keepMs : null;
  const wake = signalRunsStatement(`SELECT "runId" FROM u`, now);
  const statements: SqlStatement[] = [];
  if (keptUntilMs !== null) statements.push(lockWaitKeyStatement(waitKey));
  statements.push({
    // `w` locks the waiting rows in run order (the order group commits lock in); `u` re-checks each
    // row after its lock, so a step another transaction delivered or ended meanwhile is left alone.
    sql: `WITH ins AS (${INSERT_EVENT} RETURNING "id"),
      w AS (SELECT "id" FROM "Step" WHERE ${WAITERS_WHERE} AND EXISTS (SELECT 1 FROM ins) ORDER BY "runId","stepKey" FOR UPDATE),
      u AS (UPDATE "Step" s SET "output"=? FROM w WHERE s."id"=w."id" AND s."status"='waiting' AND s."output" IS NULL
            RETURNING s."runId", s."stepKey"),
      d AS (INSERT INTO "EventDelivery" ("eventId","runId","stepKey","atMs") SELECT ?, "runId", "stepKey", ? FROM u),
      r AS (${wake.sql})
      SELECT (SELECT count(*) FROM ins) AS "fresh", u."runId", u."stepKey",
        CASE WHEN u."runId" IS NOT NULL THEN pg_notify('${WAKEUP_CHANNEL}', '') END AS "notified"
      FROM (SELECT 1) one LEFT JOIN u ON TRUE ORDER BY u."runId", u."stepKey"`,
    params: [
      ...[id, ev.name, ev.key, waitKey, JSON.stringify(ev.data ?? null), ev.publisherId, now, keptUntilMs],
      ...[waitKey, now],
      deliveryText(id, ev, now),
      ...[id, now],
      ...(wake.params ?? []),
    ],
  });
  // The result of a fresh event (its row still holds '{}'; a duplicate's holds what its first delivery stored).
  const final =
    ev.final === true
      ? { sql: "TRUE", params: [] as Param[] }
      : ev.final === false
        ? { sql: "FALSE", params: [] }
        : liveDigestIsSql(ev.final.whileLiveDigest);
  statements.push({
    sql: `UPDATE "PublishedEvent" SET "result"=(
        SELECT (CASE WHEN ${final.sql} THEN jsonb_build_object('resumed', x.r, 'started', '[]'::jsonb, 'failed', '[]'::jsonb)
                ELSE jsonb_build_object('resumed', x.r) END)::text
        FROM (SELECT COALESCE(jsonb_agg(jsonb_build_object('runId', d."runId", 'stepKey', d."stepKey") ORDER BY d."runId", d."stepKey"), '[]'::jsonb) AS r
              FROM "EventDelivery" d WHERE d."eventId"=?) x)
      WHERE "id"=? AND "result"='{}'`,
    params: [...final.params, id, id],
  });
  statements.push({ sql: `SELECT "receivedAtMs","keepUntilMs","result" FROM "PublishedEvent" WHERE "id"=?`, params: [id] });
  const results = await db.script(statements);
  const [delivered, , stored] = results.slice(-3) as [Row[], Row[], StoredEventRow[]];
  if (!Number(delivered[0]?.fresh)) return duplicateOf(id, stored[0], now);
  const resumed = delivered.filter((r) => r.runId != null).map((r) => ({ runId: String(r.runId), stepKey: String(r.stepKey) }));
  const result = parseJsonColumn(stored[0]?.result, {}) as Record<string, unknown>;
  return { id, receivedAtMs: now, duplicate: false, resumed, keptUntilMs, result, final: Array.isArray(result.started) };
}

/** Store what the event started (after the transaction: a start is its own transaction with its own checks). */
export async function saveEventResult(db: SqlDb, id: string, result: Record<string, unknown>): Promise<void> {
  await db.run(`UPDATE "PublishedEvent" SET "result"=? WHERE "id"=?`, [JSON.stringify(result), id]);
}

/** How long an event id dedupes (and its row is kept for the record). */
export const EVENT_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PURGE_EVERY_MS = 60_000;
const PURGE_BATCH = 500;
let lastPurgeMs = 0;

/** Delete up to `limit` events received before `beforeMs` whose keep window is over, with their deliveries. */
export async function purgeEvents(q: SqlQuery, beforeMs: number, limit = PURGE_BATCH): Promise<number> {
  const rows = await q.all<{ id: string }>(
    `SELECT "id" FROM "PublishedEvent" WHERE "receivedAtMs" < ? AND ("keepUntilMs" IS NULL OR "keepUntilMs" < ?) LIMIT ?`,
    [beforeMs, beforeMs, limit],
  );
  if (!rows.length) return 0;
  const ids = rows.map((r) => String(r.id));
  const list = ids.map(() => "?").join(",");
  await q.run(`DELETE FROM "EventDelivery" WHERE "eventId" IN (${list})`, ids);
  return q.run(`DELETE FROM "PublishedEvent" WHERE "id" IN (${list})`, ids);
}

/** Purge lazily: at most once a minute per process, by the process that records events. */
function purgeDue(now: number): boolean {
  if (now - lastPurgeMs < PURGE_EVERY_MS) return false;
  lastPurgeMs = now;
  return true;
}
