// Reading RunEvent rows for the SSE hub, backfills and the run view. RunEvent.id is the global
// autoincrement that orders everything the monitoring pages see; (runId, id) is indexed for per-run
// reads. Event data passes maskSecrets before it leaves this module. The live tail (the hub's tick,
// late ids, the head) reads the hot table: archived events belong to runs that finished long before.
// Backfills and per-run reads go through the history view, so an old Last-Event-ID or a run that
// was archived still gets every event.
import "server-only";
import { HISTORY } from "./history-archive-store";
import type { Param, Row, SqlQuery } from "@/lib/db/sql";
import { parseJsonColumn } from "@/lib/db/row-codec";
import type { RunEventMessage } from "@/lib/monitoring/sse-messages";
import { maskSecrets } from "@/lib/monitoring/mask-secrets";

export function rowToEvent(r: Row): RunEventMessage {
  return {
    id: Number(r.id),
    runId: String(r.runId),
    type: String(r.type),
    stepKey: (r.stepKey as string | null) ?? null,
    data: maskSecrets(parseJsonColumn(r.data, {})),
    atMs: Number(r.atMs),
  };
}

const COLS = `"id","runId","type","stepKey","data","atMs"`;

/** Events with id > afterId, oldest first (`history`: archived ones too, for a backfill). */
export async function eventsAfter(q: SqlQuery, afterId: number, limit: number, history = false): Promise<RunEventMessage[]> {
  const rows = await q.all(`SELECT ${COLS} FROM ${history ? HISTORY.RunEvent : `"RunEvent"`} WHERE "id" > ? ORDER BY "id" LIMIT ?`, [
    afterId,
    limit,
  ]);
  return rows.map(rowToEvent);
}

export async function eventsByIds(q: SqlQuery, ids: number[]): Promise<RunEventMessage[]> {
  if (!ids.length) return [];
  const rows = await q.all(`SELECT ${COLS} FROM "RunEvent" WHERE "id" IN (${ids.map(() => "?").join(",")}) ORDER BY "id"`, ids);
  return rows.map(rowToEvent);
}

/** Events of the given runs with id > afterId (per-run index), oldest first. */
export async function runEventsAfter(q: SqlQuery, runIds: string[], afterId: number, limit: number): Promise<RunEventMessage[]> {
  if (!runIds.length) return [];
  const params: Param[] = [...runIds, afterId, limit];
  const rows = await q.all(
    `SELECT ${COLS} FROM ${HISTORY.RunEvent} WHERE "runId" IN (${runIds.map(() => "?").join(",")}) AND "id" > ? ORDER BY "id" LIMIT ?`,
    params,
  );
  return rows.map(rowToEvent);
}

export async function maxEventId(q: SqlQuery): Promise<number> {
  const rows = await q.all<{ m: number | null }>(`SELECT MAX("id") AS "m" FROM "RunEvent"`);
  return Number(rows[0]?.m ?? 0);
}

/** The first of `runIds` that names no run, or null when all exist (an SSE subscription checks its topics). */
export async function firstMissingRun(q: SqlQuery, runIds: string[]): Promise<string | null> {
  if (!runIds.length) return null;
  const rows = await q.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "id" IN (${runIds.map(() => "?").join(",")})`, runIds);
  const found = new Set(rows.map((r) => r.id));
  return runIds.find((id) => !found.has(id)) ?? null;
}

/**
 * PostgreSQL: the oldest running and the next unassigned transaction id (the hub decides from them
 * whether a hole in the RunEvent ids can still fill). SQLite has no such horizon: null.
 */
export async function transactionHorizon(q: SqlQuery, dialect: "sqlite" | "postgresql"): Promise<{ xmin: bigint; xmax: bigint } | null> {
  if (dialect !== "postgresql") return null;
  const rows = await q.all<{ xmin: string; xmax: string }>(
    `SELECT pg_snapshot_xmin(s)::text AS "xmin", pg_snapshot_xmax(s)::text AS "xmax" FROM pg_current_snapshot() AS s`,
  );
  return rows[0] ? { xmin: BigInt(rows[0].xmin), xmax: BigInt(rows[0].xmax) } : null;
}
