// SubStepStore (lib/engine/sub-steps.ts) on the ModelCall table, for SQLite and PostgreSQL.
// One row per sub-step, unique on (runId, stepKey, seq): model calls store the model id, tokens,
// latency and cost; other sub-steps (tools, memory loads, decisions) use names like "tool:<name>",
// "memory:load", "decision:ok" and carry no tokens. A save is one transaction: the row (first
// writer wins: ON CONFLICT DO NOTHING, then the stored row is returned), the run's token and cost
// totals, and the extras (run events, audit records, caller writes) only when this writer inserted.
// On PostgreSQL a save without extras (every model and tool call) is ONE statement (a data-modifying
// CTE): one round trip and one WAL flush instead of BEGIN/INSERT/UPDATE/COMMIT; one with events and
// audit records (an agent's decision) is one script.
import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit, pgAuditStatements, type AuditInput } from "@/lib/db/audit-store";
import type { NewSubStep, StoredSubStep, SubStepStore } from "@/lib/engine/sub-steps";
import type { Param, SqlDb, SqlQuery, SqlStatement } from "./sql";

const INSERT = `INSERT INTO "ModelCall" ("id","runId","stepKey","seq","providerId","model","request","response","error","inputTokens","outputTokens","costUsd","latencyMs","atMs")
  VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT ("runId","stepKey","seq") DO NOTHING`;

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

  async save(rec: NewSubStep, extra?: SqlSubStepExtra): Promise<StoredSubStep> {
    const atMs = Date.now();
    const tokens = (rec.inputTokens ?? 0) + (rec.outputTokens ?? 0);
    const cost = rec.costUsd ?? 0;
    const response = JSON.stringify(rec.result ?? null);
    const row: Param[] = [
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
      cost,
      Math.round(rec.latencyMs ?? 0),
      atMs,
    ];
    // The JSON round trip makes a first run and a replay see exactly the same value.
    const mine: StoredSubStep = { seq: rec.seq, name: rec.name, result: parse(response) };
    const hasExtra = Boolean(extra?.events?.length || extra?.audit?.length || extra?.also);
    if (this.db.dialect === "postgresql" && !hasExtra) {
      // Hot path (every model and tool call): one statement, one round trip, one WAL flush.
      const rows = await this.db.all<{ inserted: number }>(
        `WITH ins AS (${INSERT} RETURNING "seq"),
         upd AS (UPDATE "Run" SET "tokens"="tokens"+?, "costUsd"="costUsd"+? WHERE "id"=? AND ? AND EXISTS (SELECT 1 FROM ins) RETURNING 1)
         SELECT (SELECT COUNT(*) FROM ins) AS "inserted"`,
        [...row, tokens, cost, rec.runId, tokens > 0 || cost > 0],
      );
      return Number(rows[0]?.inserted) > 0 ? mine : this.stored(this.db, rec);
    }
    if (this.db.script && !extra?.also) return this.saveScript(rec, row, mine, { tokens, cost, atMs }, extra);
    return this.db.tx(async (q) => {
      const inserted = await q.run(INSERT, row);
      if (!inserted) return this.stored(q, rec);
      if (tokens > 0 || cost > 0) {
        await q.run(`UPDATE "Run" SET "tokens"="tokens"+?, "costUsd"="costUsd"+? WHERE "id"=?`, [tokens, cost, rec.runId]);
      }
      for (const e of extra?.events ?? []) {
        await q.run(`INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,?,?,?)`, [
          rec.runId,
          e.type,
          rec.stepKey,
          JSON.stringify(e.data),
          atMs,
        ]);
      }
      for (const a of extra?.audit ?? []) await appendAudit(q, this.db.dialect, a);
      if (extra?.also) await extra.also(q);
      return mine;
    });
  }

  /**
   * PostgreSQL, a save with events and audit records (an agent's decision): one script instead of
   * BEGIN, INSERT, the events, the audit lock and INSERT, COMMIT. Every write after the row's INSERT
   * is conditioned on this writer's row being the stored one (first writer wins), as the transaction
   * path skips them when its INSERT did nothing; the last statement reads the stored row back.
   */
  private async saveScript(
    rec: NewSubStep,
    row: Param[],
    mine: StoredSubStep,
    t: { tokens: number; cost: number; atMs: number },
    extra?: SqlSubStepExtra,
  ): Promise<StoredSubStep> {
    const stored = {
      sql: `SELECT "model","response" FROM "ModelCall" WHERE "runId"=? AND "stepKey"=? AND "seq"=?`,
      params: [rec.runId, rec.stepKey, rec.seq],
    };
    const isMine: SqlStatement = {
      sql: `EXISTS (SELECT 1 FROM "ModelCall" WHERE "runId"=? AND "stepKey"=? AND "seq"=? AND "id"=?)`,
      params: [rec.runId, rec.stepKey, rec.seq, row[0]],
    };
    const statements: SqlStatement[] = [
      {
        sql: `WITH ins AS (${INSERT} RETURNING "seq")
          UPDATE "Run" SET "tokens"="tokens"+?, "costUsd"="costUsd"+? WHERE "id"=? AND ? AND EXISTS (SELECT 1 FROM ins)`,
        params: [...row, t.tokens, t.cost, rec.runId, t.tokens > 0 || t.cost > 0],
      },
    ];
    for (const e of extra?.events ?? []) {
      statements.push({
        sql: `INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") SELECT ?,?,?,?,? WHERE ${isMine.sql}`,
        params: [rec.runId, e.type, rec.stepKey, JSON.stringify(e.data), t.atMs, ...(isMine.params ?? [])],
      });
    }
    for (const a of extra?.audit ?? []) statements.push(...pgAuditStatements(a, isMine));
    statements.push({ sql: `SELECT ${isMine.sql} AS "mine"`, params: isMine.params }, stored);
    const results = await this.db.script!(statements);
    const [[won], [r]] = results.slice(-2);
    if (won?.mine) return mine;
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
