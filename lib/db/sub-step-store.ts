// SubStepStore (lib/engine/sub-steps.ts) on the ModelCall table, for SQLite and PostgreSQL.
// One row per sub-step, unique on (runId, stepKey, seq): model calls store the model id, tokens,
// latency and cost; other sub-steps (tools, memory loads, decisions) use names like "tool:<name>",
// "memory:load", "decision:ok" and carry no tokens. A save is one transaction: the row (first
// writer wins: ON CONFLICT DO NOTHING, then the stored row is returned), the run's token and cost
// totals, and the extras (run events, audit records, caller writes) only when this writer inserted.
// On PostgreSQL a save without extras (every model and tool call) is ONE statement (a data-modifying
// CTE): one round trip and one WAL flush instead of BEGIN/INSERT/UPDATE/COMMIT; one with events and
// audit records (an agent's decision) is one script. A save may carry held records of earlier positions
// (SubStepOutcome.hold: the agent's final model answer rides with its decision): they are inserted
// first, first writer wins, and the record and its extras only when every held one was this writer's.
import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit, pgAuditStatements, type AuditInput } from "@/lib/db/audit-store";
import type { NewSubStep, StoredSubStep, SubStepStore } from "@/lib/engine/sub-steps";
import type { Param, SqlDb, SqlQuery, SqlStatement } from "./sql";

const COLUMNS = `"id","runId","stepKey","seq","providerId","model","request","response","error","inputTokens","outputTokens","costUsd","latencyMs","atMs"`;
const CONFLICT = `ON CONFLICT ("runId","stepKey","seq") DO NOTHING`;
const INSERT = `INSERT INTO "ModelCall" (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ${CONFLICT}`;

export interface SqlSubStepExtra {
  events?: { type: string; data: Record<string, unknown> }[];
  audit?: AuditInput[];
  /** More writes in the same transaction (on SQLite: queries on `q` only, nothing else awaited). */
  also?: (q: SqlQuery) => Promise<void>;
}

function parse(text: unknown): unknown {
  if (typeof text !== "string") return text ?? null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export class SqlSubStepStore implements SubStepStore<SqlSubStepExtra> {
  constructor(private readonly db: SqlDb) {}

  async load(runId: string, stepKey: string): Promise<StoredSubStep[]> {
    const rows = await this.db.all<{ seq: number; model: string; response: string | null }>(
      `SELECT "seq","model","response" FROM "ModelCall" WHERE "runId"=? AND "stepKey"=? ORDER BY "seq"`,
      [runId, stepKey],
    );
    return rows.map((r) => ({ seq: Number(r.seq), name: r.model, result: parse(r.response) }));
  }

  async save(rec: NewSubStep, extra?: SqlSubStepExtra, held: NewSubStep[] = []): Promise<StoredSubStep & { heldLost?: boolean }> {
    const w = toWrite(rec);
    const hasExtra = Boolean(extra?.events?.length || extra?.audit?.length || extra?.also);
    if (this.db.dialect === "postgresql" && !hasExtra && !held.length) {
      // Hot path (every model and tool call): one statement, one round trip, one WAL flush.
      const rows = await this.db.all<{ inserted: number }>(
        `WITH ins AS (${INSERT} RETURNING "seq"),
         upd AS (UPDATE "Run" SET "tokens"="tokens"+?, "costUsd"="costUsd"+? WHERE "id"=? AND ? AND EXISTS (SELECT 1 FROM ins) RETURNING 1)
         SELECT (SELECT COUNT(*) FROM ins) AS "inserted"`,
        [...w.row, w.tokens, w.cost, rec.runId, w.tokens > 0 || w.cost > 0],
      );
      return Number(rows[0]?.inserted) > 0 ? w.mine : this.stored(this.db, rec);
    }
    if (this.db.script && !extra?.also) return this.saveScript(rec, w, held.map(toWrite), extra);
    return this.db.tx(async (q) => {
      for (const h of held.map(toWrite)) {
        // a held record another writer stored first: nothing built on it is written
        if (!(await this.insertRow(q, h))) return { ...w.mine, heldLost: true };
      }
      if (!(await this.insertRow(q, w))) return this.stored(q, rec);
      for (const e of extra?.events ?? []) {
        await q.run(`INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,?,?,?)`, [
          rec.runId,
          e.type,
          rec.stepKey,
          JSON.stringify(e.data),
          w.atMs,
        ]);
      }
      for (const a of extra?.audit ?? []) await appendAudit(q, this.db.dialect, a);
      if (extra?.also) await extra.also(q);
      return w.mine;
    });
  }

  /** The row and the run's totals, in the caller's transaction; false when another writer's row is there. */
  private async insertRow(q: SqlQuery, w: RowWrite): Promise<boolean> {
    if (!(await q.run(INSERT, w.row))) return false;
    if (w.tokens > 0 || w.cost > 0) {
      await q.run(`UPDATE "Run" SET "tokens"="tokens"+?, "costUsd"="costUsd"+? WHERE "id"=?`, [w.tokens, w.cost, w.rec.runId]);
    }
    return true;
  }

  /**
   * PostgreSQL, a save with events and audit records (an agent's decision) or with held records: one
   * script instead of BEGIN, the INSERTs, the events, the audit lock and INSERT, COMMIT. Every write
   * after a row's INSERT is conditioned on the rows before it being this writer's (first writer wins),
   * as the transaction path skips them when an INSERT lost; the last two statements read that back.
   */
  private async saveScript(
    rec: NewSubStep,
    w: RowWrite,
    held: RowWrite[],
    extra?: SqlSubStepExtra,
  ): Promise<StoredSubStep & { heldLost?: boolean }> {
    const statements: SqlStatement[] = [];
    const heldMine: SqlStatement[] = [];
    for (const h of held) {
      statements.push(rowStatement(h, heldMine));
      heldMine.push(isMine(h));
    }
    statements.push(rowStatement(w, heldMine));
    const mine = isMine(w);
    for (const e of extra?.events ?? []) {
      statements.push({
        sql: `INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") SELECT ?,?,?,?,? WHERE ${mine.sql}`,
        params: [rec.runId, e.type, rec.stepKey, JSON.stringify(e.data), w.atMs, ...(mine.params ?? [])],
      });
    }
    for (const a of extra?.audit ?? []) statements.push(...pgAuditStatements(a, mine));
    const flags = [...heldMine, mine];
    statements.push(
      { sql: `SELECT ${flags.map((f, i) => `${f.sql} AS "m${i}"`).join(", ")}`, params: flags.flatMap((f) => f.params ?? []) },
      {
        sql: `SELECT "model","response" FROM "ModelCall" WHERE "runId"=? AND "stepKey"=? AND "seq"=?`,
        params: [rec.runId, rec.stepKey, rec.seq],
      },
    );
    const results = await this.db.script!(statements);
    const [[won], [r]] = results.slice(-2);
    if (held.some((_, i) => !won?.[`m${i}`])) return { ...w.mine, heldLost: true };
    if (won?.[`m${held.length}`]) return w.mine;
    return { seq: rec.seq, name: (r?.model as string | undefined) ?? rec.name, result: parse(r?.response) };
  }

  /** Another holder wrote this sub-step first: continue with its result. */
  private async stored(q: SqlQuery, rec: NewSubStep): Promise<StoredSubStep> {
    const rows = await q.all<{ model: string; response: string | null }>(
      `SELECT "model","response" FROM "ModelCall" WHERE "runId"=? AND "stepKey"=? AND "seq"=?`,
      [rec.runId, rec.stepKey, rec.seq],
    );
    return { seq: rec.seq, name: rows[0]?.model ?? rec.name, result: parse(rows[0]?.response) };
  }
}

/** A record as its ModelCall row, the run totals it adds, and what the writer returns when it wins. */
interface RowWrite {
  rec: NewSubStep;
  row: Param[];
  tokens: number;
  cost: number;
  atMs: number;
  mine: StoredSubStep;
}

function toWrite(rec: NewSubStep): RowWrite {
  const atMs = Date.now();
  const response = JSON.stringify(rec.result ?? null);
  return {
    rec,
    row: [
      randomUUID(),
      rec.runId,
      rec.stepKey,
      rec.seq,
      rec.providerId ?? null,
      rec.name,
      JSON.stringify(rec.request ?? null),
      response,
      rec.error ?? null,
      rec.inputTokens ?? 0,
      rec.outputTokens ?? 0,
      rec.costUsd ?? 0,
      Math.round(rec.latencyMs ?? 0),
      atMs,
    ],
    tokens: (rec.inputTokens ?? 0) + (rec.outputTokens ?? 0),
    cost: rec.costUsd ?? 0,
    atMs,
    // The JSON round trip makes a first run and a replay see exactly the same value.
    mine: { seq: rec.seq, name: rec.name, result: parse(response) },
  };
}

/** Is the row at this position the one this writer inserted? */
function isMine(w: RowWrite): SqlStatement {
  return {
    sql: `EXISTS (SELECT 1 FROM "ModelCall" WHERE "runId"=? AND "stepKey"=? AND "seq"=? AND "id"=?)`,
    params: [w.rec.runId, w.rec.stepKey, w.rec.seq, w.row[0]],
  };
}

/** A row's INSERT and the run totals it adds (script form), written only when every condition holds. */
function rowStatement(w: RowWrite, onlyIf: SqlStatement[]): SqlStatement {
  const where = onlyIf.length ? `WHERE ${onlyIf.map((c) => c.sql).join(" AND ")}` : "";
  return {
    sql: `WITH ins AS (INSERT INTO "ModelCall" (${COLUMNS}) SELECT ?,?,?,?,?,?,?,?,?,?,?,?,?,? ${where} ${CONFLICT} RETURNING "seq")
      UPDATE "Run" SET "tokens"="tokens"+?, "costUsd"="costUsd"+? WHERE "id"=? AND ? AND EXISTS (SELECT 1 FROM ins)`,
    params: [...w.row, ...onlyIf.flatMap((c) => c.params ?? []), w.tokens, w.cost, w.rec.runId, w.tokens > 0 || w.cost > 0],
  };
}
