import "server-only";
// Live model text between processes (PostgreSQL only): the worker's agent runtime NOTIFYs chunks on
// one channel and every web process LISTENs, so a browser connected to any web process sees a
// model's answer while it is written. Nothing is stored. SQLite has one process per database file
// that runs the worker; streaming there reaches the browsers of that process only (npm start).
import type { SqlDb } from "./sql";

export const LIVE_TEXT_CHANNEL = "switchyard_live_text";

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; payloads are built below this. */
export const LIVE_TEXT_PAYLOAD_BYTES = 7000;

export async function notifyLiveText(db: SqlDb, payload: string): Promise<void> {
  if (db.dialect !== "postgresql") return;
  await db.all(`SELECT pg_notify(?, ?)`, [LIVE_TEXT_CHANNEL, payload]);
}

interface ListenClient {
  on(event: "notification", fn: (m: { channel: string; payload?: string }) => void): void;
  on(event: "error", fn: (e: unknown) => void): void;
  query(sql: string): Promise<unknown>;
  release(destroy?: boolean): void;
}

/** LISTEN on a connection of its own; resolves to the function that stops listening (no-op on SQLite). */
export async function listenLiveText(db: SqlDb, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
  const pool = (db as { pool?: { connect(): Promise<ListenClient> } }).pool;
  if (db.dialect !== "postgresql" || !pool) return async () => undefined;
  const client = await pool.connect();
  client.on("notification", (m) => {
    if (m.channel === LIVE_TEXT_CHANNEL && m.payload) onPayload(m.payload);
  });
  client.on("error", () => undefined); // a lost listener only loses live text; the step's output still arrives
  await client.query(`LISTEN ${LIVE_TEXT_CHANNEL}`);
  return async () => {
    await client.query(`UNLISTEN ${LIVE_TEXT_CHANNEL}`).catch(() => undefined);
    client.release(true);
  };
}
