// Published events (POST /api/v1/events): one transaction records the event (its id dedupes), writes it
// into every waiting Wait for event step with the same wait key, records each delivery and signals each
// run. The waiters are an index lookup on Step.waitKey, so 10,000 parked runs cost one probe.
import "server-only";
import { randomUUID } from "node:crypto";
import { eventWaitKey, type WaitDelivery } from "@/lib/model/wait-keys";
import { WAKEUP_CHANNEL } from "./engine-store";
import { lockWaitKey } from "./event-kept-delivery";
import { parseJsonColumn } from "./row-codec";
import { signalRun } from "./signal-run";
import type { SqlDb, SqlQuery } from "./sql";
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
  /** No run starts follow: the stored result is final (`started` and `failed` empty) and needs no second write. */
  final: boolean;
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
}

/** Record an event and resume its waiters, in one transaction. */
export async function recordEvent(db: SqlDb, ev: PublishEventInput): Promise<RecordedEvent> {
  const id = ev.id ?? randomUUID();
  const waitKey = eventWaitKey(ev.name, ev.key);
  const data = JSON.stringify(ev.data ?? null);
  return db.tx(async (q) => {
    const now = await txNow(db.dialect, q);
    const keptUntilMs = ev.keepMs > 0 ? now + ev.keepMs : null;
    await maybePurge(q, now);
    // A kept event must not slip past a waiter that is parking right now (see event-kept-delivery.ts).
    if (keptUntilMs !== null) await lockWaitKey(q, db.dialect, waitKey);
    const inserted = await q.run(
      `INSERT INTO "PublishedEvent" ("id","name","key","waitKey","data","publisherId","receivedAtMs","keepUntilMs","result")
       VALUES (?,?,?,?,?,?,?,?,'{}') ON CONFLICT ("id") DO NOTHING`,
      [id, ev.name, ev.key, waitKey, data, ev.publisherId, now, keptUntilMs],
    );
    if (inserted === 0) {
      const rows = await q.all<{ receivedAtMs: number; keepUntilMs: number | null; result: string }>(
        `SELECT "receivedAtMs","keepUntilMs","result" FROM "PublishedEvent" WHERE "id"=?`,
        [id],
      );
      const result = parseJsonColumn(rows[0]?.result, {}) as Record<string, unknown>;
      return {
        id,
        receivedAtMs: Number(rows[0]?.receivedAtMs ?? now),
        duplicate: true,
        resumed: [],
        keptUntilMs: rows[0]?.keepUntilMs == null ? null : Number(rows[0].keepUntilMs),
        result,
      };
    }
    const waiters = await q.all<{ id: string; runId: string; stepKey: string }>(
      `SELECT "id","runId","stepKey" FROM "Step"
       WHERE "waitKey"=? AND "status"='waiting' AND "output" IS NULL AND ("wakeAtMs" IS NULL OR "wakeAtMs" > ?)
       ORDER BY "runId","stepKey"`,
      [waitKey, now],
    );
    const output: WaitDelivery = { delivery: { source: "event", id, name: ev.name, key: ev.key, data: ev.data ?? null, atMs: now } };
    const outputText = JSON.stringify(output);
    const resumed: ResumedStep[] = [];
    for (const w of waiters) {
      const n = await q.run(`UPDATE "Step" SET "output"=? WHERE "id"=? AND "status"='waiting' AND "output" IS NULL`, [outputText, w.id]);
      if (n === 0) continue;
      await q.run(`INSERT INTO "EventDelivery" ("eventId","runId","stepKey","atMs") VALUES (?,?,?,?)`, [id, w.runId, w.stepKey, now]);
      resumed.push({ runId: w.runId, stepKey: w.stepKey });
    }
    for (const runId of new Set(resumed.map((r) => r.runId))) await signalRun(q, runId, now);
    const result = ev.final ? { resumed, started: [], failed: [] } : { resumed };
    await q.run(`UPDATE "PublishedEvent" SET "result"=? WHERE "id"=?`, [JSON.stringify(result), id]);
    if (resumed.length && db.dialect === "postgresql") await q.all(`SELECT pg_notify('${WAKEUP_CHANNEL}', '')`);
    return { id, receivedAtMs: now, duplicate: false, resumed, keptUntilMs, result };
  });
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
async function maybePurge(q: SqlQuery, now: number): Promise<void> {
  if (now - lastPurgeMs < PURGE_EVERY_MS) return;
  lastPurgeMs = now;
  await purgeEvents(q, now - EVENT_RETENTION_MS);
}
