// The McpServer table (servers agents call tools on, with their cached tool list) and McpCallStart
// (non-idempotent MCP calls that were sent, for recovery after a crash). Writers take the caller's
// transaction so a change and its audit record commit together.
import "server-only";
import { z } from "zod";
import { parseJsonColumn } from "@/lib/db/row-codec";
import type { Param, Row, SqlDb, SqlQuery } from "@/lib/db/sql";
import { MCP_TRANSPORTS, mcpToolSchema, type McpToolInfo, type McpTransport, type PublicMcpServer } from "@/lib/mcp/mcp-schemas";

const COLS = `"id","name","transport","url","command","credentialId","tools","toolsFetchedAtMs","toolsError","createdAtMs","updatedAtMs"`;
const toolsColumn = z.array(mcpToolSchema).catch([]);

function toPublic(r: Row): PublicMcpServer {
  const transport = (MCP_TRANSPORTS as readonly string[]).includes(String(r.transport)) ? (String(r.transport) as McpTransport) : "http";
  return {
    id: String(r.id),
    name: String(r.name),
    transport,
    url: String(r.url ?? ""),
    command: String(r.command ?? ""),
    credentialId: r.credentialId == null ? null : String(r.credentialId),
    tools: toolsColumn.parse(parseJsonColumn(r.tools, [])),
    toolsFetchedAtMs: r.toolsFetchedAtMs == null ? null : Number(r.toolsFetchedAtMs),
    toolsError: r.toolsError == null ? null : String(r.toolsError),
    createdAtMs: Number(r.createdAtMs),
    updatedAtMs: Number(r.updatedAtMs),
  };
}

export async function selectMcpServers(q: SqlQuery): Promise<PublicMcpServer[]> {
  return (await q.all(`SELECT ${COLS} FROM "McpServer" ORDER BY "name"`)).map(toPublic);
}

export async function selectMcpServer(q: SqlQuery, id: string): Promise<PublicMcpServer | null> {
  const rows = await q.all(`SELECT ${COLS} FROM "McpServer" WHERE "id"=?`, [id]);
  return rows[0] ? toPublic(rows[0]) : null;
}

export interface NewMcpServerRow {
  id: string;
  name: string;
  transport: McpTransport;
  url: string;
  command: string;
  credentialId: string | null;
  createdById: string | null;
  atMs: number;
}

/** Throws a unique violation when the name is taken. */
export async function insertMcpServer(q: SqlQuery, row: NewMcpServerRow): Promise<void> {
  await q.run(
    `INSERT INTO "McpServer" ("id","name","transport","url","command","credentialId","createdById","createdAtMs","updatedAtMs") VALUES (?,?,?,?,?,?,?,?,?)`,
    [row.id, row.name, row.transport, row.url, row.command, row.credentialId, row.createdById, row.atMs, row.atMs],
  );
}

export interface McpServerChange {
  name?: string;
  transport?: McpTransport;
  url?: string;
  command?: string;
  credentialId?: string | null;
}

/** False when the server does not exist. A taken name throws a unique violation. */
export async function updateMcpServerRow(q: SqlQuery, id: string, change: McpServerChange, atMs: number): Promise<boolean> {
  const sets: string[] = [`"updatedAtMs"=?`];
  const params: Param[] = [atMs];
  for (const key of ["name", "transport", "url", "command", "credentialId"] as const) {
    if (change[key] === undefined) continue;
    sets.push(`"${key}"=?`);
    params.push(change[key]);
  }
  return (await q.run(`UPDATE "McpServer" SET ${sets.join(",")} WHERE "id"=?`, [...params, id])) > 0;
}

/** Stores a fetched tool list (or, with `error`, keeps the old list and records why the refresh failed). */
export async function updateMcpTools(
  q: SqlQuery,
  id: string,
  result: { tools: McpToolInfo[]; error?: undefined } | { error: string },
  atMs: number,
): Promise<boolean> {
  if (result.error !== undefined) {
    return (await q.run(`UPDATE "McpServer" SET "toolsError"=? WHERE "id"=?`, [result.error.slice(0, 2000), id])) > 0;
  }
  return (
    (await q.run(`UPDATE "McpServer" SET "tools"=?,"toolsFetchedAtMs"=?,"toolsError"=NULL WHERE "id"=?`, [
      JSON.stringify(result.tools),
      atMs,
      id,
    ])) > 0
  );
}

export async function deleteMcpServerRow(q: SqlQuery, id: string): Promise<{ name: string } | null> {
  const rows = await q.all<{ name: string }>(`DELETE FROM "McpServer" WHERE "id"=? RETURNING "name"`, [id]);
  return rows[0] ? { name: String(rows[0].name) } : null;
}

/**
 * The sending of a non-idempotent MCP call at (runId, stepKey, seq): `first` when this is the first
 * time (the row is written before the call), otherwise how many times it was sent before.
 */
export async function markMcpCallStart(
  db: SqlDb,
  key: { runId: string; stepKey: string; seq: number },
  atMs: number,
): Promise<{ first: true } | { first: false; deliveries: number }> {
  const inserted = await db.run(
    `INSERT INTO "McpCallStart" ("runId","stepKey","seq","atMs","deliveries") VALUES (?,?,?,?,1) ON CONFLICT ("runId","stepKey","seq") DO NOTHING`,
    [key.runId, key.stepKey, key.seq, atMs],
  );
  if (inserted) return { first: true };
  const rows = await db.all<{ deliveries: number }>(`SELECT "deliveries" FROM "McpCallStart" WHERE "runId"=? AND "stepKey"=? AND "seq"=?`, [
    key.runId,
    key.stepKey,
    key.seq,
  ]);
  return { first: false, deliveries: Number(rows[0]?.deliveries ?? 1) };
}

/** A reviewer approved sending an interrupted call again: count the new delivery. */
export async function countMcpCallResend(db: SqlDb, key: { runId: string; stepKey: string; seq: number }, atMs: number): Promise<void> {
  await db.run(`UPDATE "McpCallStart" SET "deliveries"="deliveries"+1,"atMs"=? WHERE "runId"=? AND "stepKey"=? AND "seq"=?`, [
    atMs,
    key.runId,
    key.stepKey,
    key.seq,
  ]);
}
