// Reading RunEvent rows for the SSE hub and backfills. RunEvent.id is the global autoincrement that
// orders everything the monitoring pages see; (runId, id) is indexed for per-run reads.
import type { Param, Row, SqlQuery } from "@/lib/db/sql";
import type { RunEventMessage } from "./sse-messages";
import { maskSecrets } from "./mask-secrets";

function parseData(v: unknown): unknown {
  if (typeof v !== "string") return v ?? {};
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return {};
  }
}

export function rowToEvent(r: Row): RunEventMessage {
  return {
    id: Number(r.id),
    runId: String(r.runId),
    type: String(r.type),
    stepKey: (r.stepKey as string | null) ?? null,
    data: maskSecrets(parseData(r.data)),
    atMs: Number(r.atMs),
  };
}

const COLS = `"id","runId","type","stepKey","data","atMs"`;

/** Events with id > afterId, oldest first. */
export async function eventsAfter(q: SqlQuery, afterId: number, limit: number): Promise<RunEventMessage[]> {
  const rows = await q.all(`SELECT ${COLS} FROM "RunEvent" WHERE "id" > ? ORDER BY "id" LIMIT ?`, [afterId, limit]);
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
    `SELECT ${COLS} FROM "RunEvent" WHERE "runId" IN (${runIds.map(() => "?").join(",")}) AND "id" > ? ORDER BY "id" LIMIT ?`,
    params,
  );
  return rows.map(rowToEvent);
}

export async function maxEventId(q: SqlQuery): Promise<number> {
  const rows = await q.all<{ m: number | null }>(`SELECT MAX("id") AS "m" FROM "RunEvent"`);
  return Number(rows[0]?.m ?? 0);
}

export async function maxRunEventId(q: SqlQuery, runId: string): Promise<number> {
  const rows = await q.all<{ m: number | null }>(`SELECT MAX("id") AS "m" FROM "RunEvent" WHERE "runId"=?`, [runId]);
  return Number(rows[0]?.m ?? 0);
}
