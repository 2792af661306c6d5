// Wait for callback deliveries: find the step by its callback token (Step.waitKey), write the body into
// the waiting row once and signal the run, or move its deadline (heartbeat). Each change commits with
// its signalRun, so the run wakes exactly when the delivery is durable. A second POST finds the row
// already delivered (or ended) and is refused; on PostgreSQL concurrent POSTs queue on the row lock and
// re-check `"output" IS NULL`, so exactly one succeeds.
import "server-only";
import { HISTORY } from "./history-archive-store";
import { callbackWaitKey, deliveryOf, type WaitDelivery } from "@/lib/model/wait-keys";
import { WAKEUP_CHANNEL } from "./engine-store";
import { jsonColumn, num } from "./row-codec";
import { signalRun, signalRunsStatement } from "./signal-run";
import type { SqlDb, SqlQuery } from "./sql";
import { txNow } from "./tx-now";

export interface CallbackStep {
  id: string;
  runId: string;
  stepKey: string;
  nodeId: string;
  versionId: string;
  status: string;
  outputHandle: string | null;
  input: unknown;
  delivered: boolean;
  wakeAtMs: number | null;
}

/** The step a callback token belongs to (waiting or not), or null for an unknown token. */
export async function findCallbackStep(db: SqlDb, token: string): Promise<CallbackStep | null> {
  const rows = await db.all(
    `SELECT s."id", s."runId", s."stepKey", s."nodeId", s."status", s."input", s."output", s."outputHandle", s."wakeAtMs", r."versionId"
     FROM ${HISTORY.Step} s JOIN "Run" r ON r."id" = s."runId" WHERE s."waitKey"=? AND s."kind"='wait_callback'`,
    [callbackWaitKey(token)],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id),
    runId: String(r.runId),
    stepKey: String(r.stepKey),
    nodeId: String(r.nodeId),
    versionId: String(r.versionId),
    status: String(r.status),
    outputHandle: r.outputHandle == null ? null : String(r.outputHandle),
    input: jsonColumn(r.input),
    delivered: deliveryOf(jsonColumn(r.output)) !== null,
    wakeAtMs: num(r.wakeAtMs),
  };
}

export type CallbackOutcome = "delivered" | "already_received" | "expired";

async function outcomeOfMiss(q: SqlQuery, stepId: string, now: number): Promise<Exclude<CallbackOutcome, "delivered">> {
  const rows = await q.all(`SELECT "status","output","wakeAtMs","outputHandle" FROM ${HISTORY.Step} WHERE "id"=?`, [stepId]);
  const r = rows[0];
  if (!r) return "expired";
  if (deliveryOf(jsonColumn(r.output)) !== null) return "already_received";
  if (r.status === "succeeded" && r.outputHandle === "out") return "already_received";
  const wake = num(r.wakeAtMs);
  return r.status !== "waiting" || (wake !== null && wake <= now) ? "expired" : "already_received";
}

const DELIVER = `UPDATE "Step" SET "output"=? WHERE "id"=? AND "status"='waiting' AND "output" IS NULL AND ("wakeAtMs" IS NULL OR "wakeAtMs" > ?)`;

function callbackDelivery(token: string, body: unknown, atMs: number): string {
  const output: WaitDelivery = { delivery: { source: "callback", id: token.slice(0, 8), data: body, atMs } };
  return JSON.stringify(output);
}

/**
 * Write the callback body into the waiting step once and wake its run (one transaction). On PostgreSQL
 * the write, the wake-up and the NOTIFY are one statement (one round trip; the clock is PgDb.clock's
 * lower bound, as an event's); only a refused delivery reads the row again to say why.
 */
export async function deliverCallback(db: SqlDb, step: CallbackStep, token: string, body: unknown): Promise<CallbackOutcome> {
  if (db.script && db.clock) {
    const now = await db.clock();
    const wake = signalRunsStatement(`SELECT "runId" FROM u`, now);
    const [rows] = await db.script([
      {
        sql: `WITH u AS (${DELIVER} RETURNING "runId"), r AS (${wake.sql})
          SELECT pg_notify('${WAKEUP_CHANNEL}', '') AS "notified" FROM u`,
        params: [callbackDelivery(token, body, now), step.id, now, ...(wake.params ?? [])],
      },
    ]);
    if (rows.length) return "delivered";
    return outcomeOfMiss(db, step.id, now);
  }
  return db.tx(async (q) => {
    const now = await txNow(db.dialect, q);
    const n = await q.run(DELIVER, [callbackDelivery(token, body, now), step.id, now]);
    if (n === 0) return outcomeOfMiss(q, step.id, now);
    await signalRun(q, step.runId, now);
    return "delivered";
  });
}

/** Heartbeat: move the waiting step's deadline to now + extendMs (and wake the run so its holder reloads it). */
export async function extendCallback(
  db: SqlDb,
  step: CallbackStep,
  extendMs: number,
): Promise<{ outcome: CallbackOutcome; timeoutAtMs: number | null }> {
  return db.tx(async (q) => {
    const now = await txNow(db.dialect, q);
    const until = now + extendMs;
    const n = await q.run(
      `UPDATE "Step" SET "wakeAtMs"=? WHERE "id"=? AND "status"='waiting' AND "output" IS NULL AND "wakeAtMs" IS NOT NULL AND "wakeAtMs" > ?`,
      [until, step.id, now],
    );
    if (n === 0) return { outcome: await outcomeOfMiss(q, step.id, now), timeoutAtMs: null };
    await signalRun(q, step.runId, now);
    return { outcome: "delivered", timeoutAtMs: until };
  });
}
