// A minimal SQL port over better-sqlite3 or pg, used where Prisma's ~0.7 ms per query is too slow
// (the engine's hot path, task decisions) and by the migration runner. SQL is written once with `?`
// placeholders and double-quoted identifiers, which both databases accept; `?` becomes `$n` for pg.
//
// On SQLite one connection per process carries every raw statement; transactions are queued on it,
// and their bodies only await that connection's synchronous statements, so they hold the write lock
// for microseconds and the Prisma connection in the same process is never starved.
import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { WalCheckpointer } from "./wal-checkpointer";

export type Row = Record<string, unknown>;
export type Param = string | number | boolean | null;

export interface SqlQuery {
  all<T = Row>(sql: string, params?: Param[]): Promise<T[]>;
  run(sql: string, params?: Param[]): Promise<number>;
}

/** One statement of a script: SQL with `?` placeholders and its parameters. */
export interface SqlStatement {
  sql: string;
  params?: Param[];
}

export interface SqlDb extends SqlQuery {
  readonly dialect: "sqlite" | "postgresql";
  /**
   * PostgreSQL only: the statements sent as ONE simple-query message, so one round trip. Without
   * BEGIN/COMMIT in it the server runs them as one implicit transaction: all commit, or the first
   * error rolls all back. Each statement still takes its own snapshot (READ COMMITTED), so a later
   * statement sees what committed while an earlier one waited for a lock. Parameters are inlined as
   * escaped literals (the simple protocol has no parameters). Returns each statement's rows.
   */
  script?(statements: SqlStatement[]): Promise<Row[][]>;
  /**
   * The database clock without a round trip where possible (PostgreSQL: a lower bound from the last
   * clock read, re-read every second). Never ahead of the database, so "due now" is due at once.
   */
  clock?(): Promise<number>;
  /** Runs fn in one transaction. On SQLite fn must not await anything but its own queries. */
  tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T>;
  /** Database clock in epoch ms. */
  now(): Promise<number>;
  close(): Promise<void>;
}

export function toPgPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let inStr = false;
  for (const ch of sql) {
    if (ch === "'") inStr = !inStr;
    if (ch === "?" && !inStr) out += `$${++n}`;
    else out += ch;
  }
  return out;
}

/** A parameter as an SQL literal (the simple-query protocol has no parameters). */
export function pgLiteral(p: Param): string {
  if (p === null) return "NULL";
  if (typeof p === "boolean") return p ? "TRUE" : "FALSE";
  if (typeof p === "number") {
    if (!Number.isFinite(p)) throw new TypeError(`SQL parameter ${p} is not a finite number`);
    // parenthesised: "a"-? with -1 must not become a comment
    return p < 0 ? `(${p})` : String(p);
  }
  if (p.includes("\0")) throw new TypeError("SQL text parameters cannot contain NUL");
  // E'' with doubled backslashes and quotes reads the same whatever standard_conforming_strings is
  return p.includes("\\") ? ` E'${p.replace(/\\/g, "\\\\").replace(/'/g, "''")}'` : `'${p.replace(/'/g, "''")}'`;
}

/** `sql` with every `?` outside string literals replaced by its parameter as a literal. */
export function inlineParams(sql: string, params: Param[]): string {
  let n = 0;
  let out = "";
  let inStr = false;
  for (const ch of sql) {
    if (ch === "'") inStr = !inStr;
    if (ch === "?" && !inStr) {
      if (n >= params.length) throw new Error(`SQL has more placeholders than the ${params.length} parameters given`);
      out += pgLiteral(params[n++]);
    } else out += ch;
  }
  if (n !== params.length) throw new Error(`SQL has ${n} placeholders for ${params.length} parameters`);
  return out;
}

// ---------- SQLite ----------

export class SqliteDb implements SqlDb {
  readonly dialect = "sqlite" as const;
  readonly raw: Database.Database;
  private stmts = new Map<string, Database.Statement>();
  private txOpen = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly checkpointer: WalCheckpointer | null;
  /** Unqueued access; only for use inside a transaction body or when no transaction is open. */
  private readonly direct: SqlQuery = {
    all: async <T = Row>(sql: string, params: Param[] = []) => this.allSync<T>(sql, params),
    run: async (sql: string, params: Param[] = []) => this.runSync(sql, params),
  };

  constructor(file: string, opts: { synchronous?: "NORMAL" | "FULL"; walCheckpoint?: "thread" | "inline"; readonly?: boolean } = {}) {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.raw = new Database(file, { readonly: opts.readonly ?? false });
    this.raw.pragma("journal_mode = WAL");
    this.raw.pragma(`synchronous = ${opts.synchronous ?? "NORMAL"}`);
    this.raw.pragma("busy_timeout = 5000");
    // Checkpoints off the event loop (wal-checkpointer.ts); SQLITE_WAL_CHECKPOINT=inline keeps SQLite's own.
    const inline = opts.readonly || file === ":memory:" || opts.walCheckpoint === "inline";
    this.checkpointer = inline ? null : new WalCheckpointer(this.raw, file);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private allSync<T>(sql: string, params: Param[]): T[] {
    const s = this.stmt(sql);
    if (s.reader) return s.all(...params.map(sqliteParam)) as T[];
    s.run(...params.map(sqliteParam));
    return [];
  }

  private runSync(sql: string, params: Param[]): number {
    return this.stmt(sql).run(...params.map(sqliteParam)).changes;
  }

  // Outside a transaction a statement runs at once; while one is open it waits its turn, so no
  // statement ever joins another caller's transaction.
  async all<T = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    if (!this.txOpen) return this.allSync<T>(sql, params);
    return this.enqueue(async () => this.allSync<T>(sql, params));
  }

  async run(sql: string, params: Param[] = []): Promise<number> {
    if (!this.txOpen) return this.runSync(sql, params);
    return this.enqueue(async () => this.runSync(sql, params));
  }

  /** Transactions are serialised on the connection; the body must use `q`, never `this`. */
  async tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      this.raw.exec("BEGIN IMMEDIATE");
      this.txOpen = true;
      try {
        const out = await fn(this.direct);
        this.raw.exec("COMMIT");
        return out;
      } catch (e) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw e;
      } finally {
        this.txOpen = false;
      }
    });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const p = this.queue.then(job, job);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async now(): Promise<number> {
    return Date.now();
  }

  async close(): Promise<void> {
    await this.queue;
    await this.checkpointer?.close();
    this.raw.close();
  }
}

function sqliteParam(p: Param): string | number | null {
  if (typeof p === "boolean") return p ? 1 : 0;
  return p;
}

// ---------- PostgreSQL ----------

// float8 and int8 as numbers (epoch-ms columns are double precision; counts are bigint)
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

/**
 * Round trips to the server: every statement, BEGIN and COMMIT is one (a parameterised query is sent
 * as one Parse/Bind/Execute/Sync batch). `total` only ever grows; snapshot it and subtract. `onRoundTrip`
 * is null in production; benchmarks and tests set it to attribute round trips to an operation.
 */
export interface RoundTripCounter {
  total: number;
  onRoundTrip: ((sql: string) => void) | null;
}

/**
 * Parameterised statements are sent as named prepared statements: pg parses each on a connection
 * once and then only binds and executes it, and PostgreSQL keeps its parse tree (and, once it has
 * seen the statement a few times, a generic plan). Under a burst of small API requests the
 * parse/analyse/plan work was a large share of PostgreSQL's CPU. The names are bounded: past
 * MAX_NAMED distinct statement texts (per process), the rest go unnamed, as every statement did
 * before, so dynamically built SQL cannot grow every connection's statement cache without end.
 * A statement whose result columns come from a star (`SELECT *`, `RETURNING r.*`) stays unnamed:
 * once a migration adds a column, PostgreSQL refuses to run such a prepared statement again
 * ("cached plan must not change result type"), which would break a process still running while a
 * newer one migrates. Explicit column lists are not affected by added columns.
 */
const MAX_NAMED = 2000;
/** Longer texts are sent unnamed (large dynamic IN lists, bulk inserts). */
const MAX_NAMED_SQL = 8000;
const STAR_COLUMNS = /\*/;
const COUNT_STAR = /COUNT\(\*\)/gi;

interface PgStatement {
  /** The text with $n placeholders. */
  text: string;
  /** Its prepared-statement name; undefined: sent unnamed. */
  name: string | undefined;
}

/** Keyed by the `?` text: conversions and names are worked out once per statement text. */
const pgStatements = new Map<string, PgStatement>();

/** A statement text as pg sends it: $n placeholders, and its name when it may be prepared. */
export function pgStatement(sql: string): PgStatement {
  const known = pgStatements.get(sql);
  if (known) return known;
  const text = toPgPlaceholders(sql);
  const named = text.length <= MAX_NAMED_SQL && !STAR_COLUMNS.test(text.replace(COUNT_STAR, ""));
  const st: PgStatement = { text, name: named ? `sy_${createHash("sha1").update(text).digest("hex").slice(0, 24)}` : undefined };
  // past the bound, texts are converted on every use and sent unnamed
  if (pgStatements.size >= MAX_NAMED) return { text, name: undefined };
  pgStatements.set(sql, st);
  return st;
}

/** One parameterised query on a pool or a client, as a named prepared statement where allowed. */
function pgQuery(on: pg.Pool | pg.PoolClient, sql: string, params: Param[]): Promise<pg.QueryResult> {
  const { text, name } = pgStatement(sql);
  return on.query({ text, values: params, name: params.length ? name : undefined });
}

/** How long a clock read serves as the base of `clock()` estimates. */
const CLOCK_REREAD_MS = 1000;

export class PgDb implements SqlDb {
  readonly dialect = "postgresql" as const;
  readonly pool: pg.Pool;
  readonly roundTrips: RoundTripCounter = { total: 0, onRoundTrip: null };

  private count(sql: string): void {
    this.roundTrips.total++;
    this.roundTrips.onRoundTrip?.(sql);
  }

  constructor(connectionString: string, opts: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
    this.pool.on("error", () => undefined); // idle client errors are reported on next use
  }

  async all<T = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    this.count(sql);
    const r = await pgQuery(this.pool, sql, params);
    return r.rows as T[];
  }

  async run(sql: string, params: Param[] = []): Promise<number> {
    this.count(sql);
    const r = await pgQuery(this.pool, sql, params);
    return r.rowCount ?? 0;
  }

  async tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const q: SqlQuery = {
      all: async <R = Row>(sql: string, params: Param[] = []) => {
        this.count(sql);
        return (await pgQuery(client, sql, params)).rows as R[];
      },
      run: async (sql: string, params: Param[] = []) => {
        this.count(sql);
        return (await pgQuery(client, sql, params)).rowCount ?? 0;
      },
    };
    try {
      this.count("BEGIN");
      await client.query("BEGIN");
      const out = await fn(q);
      this.count("COMMIT");
      await client.query("COMMIT");
      return out;
    } catch (e) {
      this.count("ROLLBACK");
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async script(statements: SqlStatement[]): Promise<Row[][]> {
    const text = statements.map((s) => inlineParams(s.sql, s.params ?? [])).join(";\n");
    this.count(text);
    const r = (await this.pool.query(text)) as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(r) ? r : [r]).map((x) => x.rows as Row[]);
  }

  async now(): Promise<number> {
    this.count("now");
    const before = performance.now();
    const r = await this.pool.query("SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS now");
    const now = Number(r.rows[0].now);
    // The server read its clock somewhere between `before` and now: dbNow - (performance.now() - t)
    // is a lower bound of the database time at any later local time t.
    this.clockBase = { dbMs: now, localMs: performance.now(), readAt: before };
    return now;
  }

  private clockBase: { dbMs: number; localMs: number; readAt: number } | null = null;
  private lastClock = 0;

  async clock(): Promise<number> {
    const b = this.clockBase;
    const local = performance.now();
    const est = b && local - b.readAt < CLOCK_REREAD_MS ? b.dbMs + (local - b.localMs) : await this.now();
    // monotonic for this process, even when a re-read comes back with a longer round trip
    this.lastClock = Math.max(this.lastClock, est);
    return this.lastClock;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
