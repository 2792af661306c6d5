// The ModelProvider table. API keys are stored only as ciphertext (`encryptedApiKey`); encryption,
// audit content and the default-provider policy stay in lib/providers.
//
// "Exactly one default" spans rows, so no row lock can guard it: every transaction that writes the
// table first calls `lockProviders`. On PostgreSQL that is a SHARE ROW EXCLUSIVE table lock (writers
// queue, plain reads go on) taken before the transaction reads anything, so under READ COMMITTED each
// later statement sees every write committed before it. On SQLite `BEGIN IMMEDIATE` (SqlDb.tx)
// already holds the database's single write lock for the whole transaction.
import "server-only";
import { modelListSchema, type ModelPrice } from "@/lib/providers/provider-schemas";
import { parseJsonColumn, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";
import type { Param, Row, SqlDb, SqlQuery } from "@/lib/db/sql";

const COLS = `"id","name","baseUrl","encryptedApiKey","defaultModel","models","isDefault","createdAt","updatedAt","maxConcurrency","tokensPerMinute"`;

export interface ProviderRow {
  id: string;
  name: string;
  baseUrl: string | null;
  /** Ciphertext, null when the provider has no key. */
  encryptedApiKey: string | null;
  defaultModel: string;
  models: ModelPrice[];
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
  maxConcurrency: number | null;
  tokensPerMinute: number | null;
}

const limit = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v) > 0 ? Math.floor(Number(v)) : null);

function toRow(r: Row): ProviderRow {
  const models = modelListSchema.safeParse(parseJsonColumn(r.models, []));
  const enc = r.encryptedApiKey;
  return {
    id: String(r.id),
    name: String(r.name),
    baseUrl: (r.baseUrl as string | null) ?? null,
    encryptedApiKey: typeof enc === "string" && enc.length > 0 ? enc : null,
    defaultModel: String(r.defaultModel),
    models: models.success ? models.data : [],
    isDefault: Boolean(r.isDefault),
    createdAt: readTimestamp(r.createdAt),
    updatedAt: readTimestamp(r.updatedAt),
    maxConcurrency: limit(r.maxConcurrency),
    tokensPerMinute: limit(r.tokensPerMinute),
  };
}

/** Serialises writers of the table for the rest of the transaction (see the header). */
export async function lockProviders(q: SqlQuery, dialect: SqlDb["dialect"]): Promise<void> {
  if (dialect === "postgresql") await q.run(`LOCK TABLE "ModelProvider" IN SHARE ROW EXCLUSIVE MODE`);
}

/** The default first, then by name. */
export async function selectProviders(q: SqlQuery): Promise<ProviderRow[]> {
  return (await q.all(`SELECT ${COLS} FROM "ModelProvider" ORDER BY "isDefault" DESC, "name" ASC`)).map(toRow);
}

export async function selectProvider(q: SqlQuery, id: string): Promise<ProviderRow | null> {
  const rows = await q.all(`SELECT ${COLS} FROM "ModelProvider" WHERE "id"=?`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** The default provider (or, should none be marked, the first by name); null when there is none. */
export async function selectDefaultProvider(q: SqlQuery): Promise<ProviderRow | null> {
  const rows = await q.all(`SELECT ${COLS} FROM "ModelProvider" ORDER BY "isDefault" DESC, "name" ASC LIMIT 1`);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function hasDefaultProvider(q: SqlQuery): Promise<boolean> {
  return (await q.all(`SELECT "id" FROM "ModelProvider" WHERE "isDefault"=? LIMIT 1`, [true])).length > 0;
}

export async function providerNameTaken(q: SqlQuery, name: string): Promise<boolean> {
  return (await q.all(`SELECT "id" FROM "ModelProvider" WHERE "name"=?`, [name])).length > 0;
}

export interface NewProviderRow {
  id: string;
  name: string;
  baseUrl: string | null;
  encryptedApiKey: string | null;
  defaultModel: string;
  models: readonly ModelPrice[];
  isDefault: boolean;
  atMs: number;
  maxConcurrency?: number | null;
  tokensPerMinute?: number | null;
}

/** Throws a unique violation (row-codec `isUniqueViolation`) when the id or name is taken. */
export async function insertProvider(q: SqlQuery, dialect: SqlDb["dialect"], row: NewProviderRow): Promise<void> {
  const ts = sqlTimestamp(dialect, row.atMs);
  await q.run(`INSERT INTO "ModelProvider" (${COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, [
    row.id,
    row.name,
    row.baseUrl,
    row.encryptedApiKey,
    row.defaultModel,
    JSON.stringify(row.models),
    row.isDefault,
    ts,
    ts,
    row.maxConcurrency ?? null,
    row.tokensPerMinute ?? null,
  ]);
}

export interface ProviderChange {
  name?: string;
  baseUrl?: string | null;
  encryptedApiKey?: string | null;
  defaultModel?: string;
  models?: readonly ModelPrice[];
  isDefault?: boolean;
  maxConcurrency?: number | null;
  tokensPerMinute?: number | null;
}

/** Applies the change and stamps updatedAt. A taken name throws a unique violation. */
export async function updateProviderRow(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  id: string,
  change: ProviderChange,
  atMs: number,
): Promise<void> {
  const sets: string[] = [];
  const params: Param[] = [];
  const set = (col: string, v: Param) => {
    sets.push(`"${col}"=?`);
    params.push(v);
  };
  if (change.name !== undefined) set("name", change.name);
  if (change.baseUrl !== undefined) set("baseUrl", change.baseUrl);
  if (change.encryptedApiKey !== undefined) set("encryptedApiKey", change.encryptedApiKey);
  if (change.defaultModel !== undefined) set("defaultModel", change.defaultModel);
  if (change.models !== undefined) set("models", JSON.stringify(change.models));
  if (change.isDefault !== undefined) set("isDefault", change.isDefault);
  if (change.maxConcurrency !== undefined) set("maxConcurrency", change.maxConcurrency);
  if (change.tokensPerMinute !== undefined) set("tokensPerMinute", change.tokensPerMinute);
  set("updatedAt", sqlTimestamp(dialect, atMs));
  await q.run(`UPDATE "ModelProvider" SET ${sets.join(",")} WHERE "id"=?`, [...params, id]);
}

/** Unmarks every default except `exceptId`. */
export async function clearDefaultProvider(q: SqlQuery, exceptId: string): Promise<void> {
  await q.run(`UPDATE "ModelProvider" SET "isDefault"=? WHERE "id"<>? AND "isDefault"=?`, [false, exceptId, true]);
}

/** Marks the first provider by name as the default (after the default was deleted). */
export async function promoteFirstProvider(q: SqlQuery): Promise<void> {
  const next = await q.all(`SELECT "id" FROM "ModelProvider" ORDER BY "name" LIMIT 1`);
  if (next[0]) await q.run(`UPDATE "ModelProvider" SET "isDefault"=? WHERE "id"=?`, [true, String(next[0].id)]);
}

/** Deletes the provider; what it was, or null when no row was deleted. */
export async function deleteProviderRow(q: SqlQuery, id: string): Promise<{ name: string; isDefault: boolean } | null> {
  const rows = await q.all<{ name: string; isDefault: unknown }>(`DELETE FROM "ModelProvider" WHERE "id"=? RETURNING "name","isDefault"`, [
    id,
  ]);
  return rows[0] ? { name: String(rows[0].name), isDefault: Boolean(rows[0].isDefault) } : null;
}
