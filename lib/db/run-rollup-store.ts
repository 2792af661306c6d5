// The dashboard rollup (migration 0028, lib/db/ARCHITECTURE.md "Dashboard rollup"): finished
// production runs counted per workflow × hour of creation × status × outcome × hour started × hour
// finished, with cost, tokens and duration sums, and their model calls per workflow × hour × model.
// A run is added once, in the transaction that stamps its `rolledUpAtMs`, so at every committed state
// each run is either in the rollup (stamped) or read from the Run table by the dashboard (not stamped:
// the partial index Run_rollup_backlog_idx), never both and never neither. Test runs are stamped but
// not counted (the dashboard leaves them out). The one way a finished run becomes active again (a
// redrive) takes it out first; retention adds any run it deletes that was not added yet, so purged
// runs keep counting in history statistics (the rollup holds no run ids and no values).
import "server-only";
import { HISTORY } from "./history-archive-store";
import type { Param, SqlDb, SqlQuery } from "./sql";
import { readTimestamp } from "./row-codec";
import { TERMINAL_RUN_SQL_LIST } from "@/lib/model/vocabulary";
import { modelOnlySql } from "@/lib/monitoring/sub-step-names";

export const ROLLUP_HOUR_MS = 3_600_000;

const list = (n: number): string => Array.from({ length: n }, () => "?").join(",");
/** The hour (epoch ms) a time falls in; -1 for none (a primary key cannot hold NULL). */
export const hourOf = (ms: number | null): number => (ms === null ? -1 : Math.floor(ms / ROLLUP_HOUR_MS) * ROLLUP_HOUR_MS);

const RUN_COLS = `"id","workflowId","createdAt","status","outcome","startedAtMs","finishedAtMs","costUsd","tokens","isTest"`;

interface RunRow {
  id: string;
  workflowId: string;
  createdAt: unknown;
  status: string;
  outcome: string | null;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  costUsd: number;
  tokens: number;
  isTest: unknown;
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Adds (sign 1) or takes out (sign -1) the runs' counts and their model calls, in the caller's transaction. */
async function applyRuns(q: SqlQuery, runs: RunRow[], sign: 1 | -1): Promise<void> {
  const counted = runs.filter((r) => !Number(r.isTest));
  if (!counted.length) return;
  const hourOfRun = new Map<string, { hourMs: number; workflowId: string }>();
  const groups = new Map<string, Param[]>();
  for (const r of counted) {
    const hourMs = hourOf(Date.parse(readTimestamp(r.createdAt)));
    hourOfRun.set(String(r.id), { hourMs, workflowId: String(r.workflowId) });
    const started = numOrNull(r.startedAtMs);
    const finished = numOrNull(r.finishedAtMs);
    const timed = started !== null && finished !== null;
    const key = [hourMs, r.workflowId, r.status, r.outcome ?? "", hourOf(started), hourOf(finished)];
    const k = JSON.stringify(key);
    const g = groups.get(k) ?? [...key, 0, 0, 0, 0, 0];
    g[6] = Number(g[6]) + sign;
    g[7] = Number(g[7]) + sign * Number(r.costUsd ?? 0);
    g[8] = Number(g[8]) + sign * Number(r.tokens ?? 0);
    g[9] = Number(g[9]) + (timed ? sign : 0);
    g[10] = Number(g[10]) + (timed ? sign * (finished - started) : 0);
    groups.set(k, g);
  }
  await upsert(
    q,
    "RunRollup",
    ["hourMs", "workflowId", "status", "outcome", "startedHourMs", "finishedHourMs"],
    ["runs", "costUsd", "tokens", "timedRuns", "durationMs"],
    [...groups.values()],
    sign,
  );
  const ids = [...hourOfRun.keys()];
  const calls = await q.all<{ runId: string; model: string; calls: number; tokens: number; cost: number }>(
    `SELECT m."runId" AS "runId", m."model" AS "model", COUNT(*) AS "calls", SUM(m."inputTokens" + m."outputTokens") AS "tokens",
       SUM(m."costUsd") AS "cost" FROM ${HISTORY.ModelCall} m WHERE m."runId" IN (${list(ids.length)}) AND ${modelOnlySql(`m."model"`)}
     GROUP BY m."runId", m."model"`,
    ids,
  );
  const models = new Map<string, Param[]>();
  for (const c of calls) {
    const run = hourOfRun.get(String(c.runId))!;
    const key = [run.hourMs, run.workflowId, String(c.model)];
    const k = JSON.stringify(key);
    const g = models.get(k) ?? [...key, 0, 0, 0];
    g[3] = Number(g[3]) + sign * Number(c.calls);
    g[4] = Number(g[4]) + sign * Number(c.tokens ?? 0);
    g[5] = Number(g[5]) + sign * Number(c.cost ?? 0);
    models.set(k, g);
  }
  await upsert(q, "RunModelRollup", ["hourMs", "workflowId", "model"], ["calls", "tokens", "costUsd"], [...models.values()], sign);
}

/** Adds rows' measures to the rollup rows of their keys; on a take-out, rows left at zero go. */
async function upsert(q: SqlQuery, table: string, keys: string[], measures: string[], rows: Param[][], sign: 1 | -1): Promise<void> {
  const cols = [...keys, ...measures];
  const tuple = `(${list(cols.length)})`;
  const per = Math.floor(8000 / cols.length);
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    await q.run(
      `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${part.map(() => tuple).join(",")}
       ON CONFLICT (${keys.map((c) => `"${c}"`).join(",")}) DO UPDATE SET ${measures.map((m) => `"${m}" = "${table}"."${m}" + excluded."${m}"`).join(", ")}`,
      part.flat(),
    );
  }
  if (sign < 0) {
    const countCol = measures[0];
    for (const r of rows)
      await q.run(
        `DELETE FROM "${table}" WHERE ${keys.map((k) => `"${k}" = ?`).join(" AND ")} AND "${countCol}" <= 0`,
        r.slice(0, keys.length),
      );
  }
}

/** Stamps and adds the given finished runs (read under lock on PostgreSQL), in the caller's transaction. */
async function rollupRows(q: SqlQuery, runs: RunRow[], nowMs: number): Promise<number> {
  if (!runs.length) return 0;
  await applyRuns(q, runs, 1);
  const ids = runs.map((r) => String(r.id));
  const n = await q.run(`UPDATE "Run" SET "rolledUpAtMs"=? WHERE "id" IN (${list(ids.length)}) AND "rolledUpAtMs" IS NULL`, [
    nowMs,
    ...ids,
  ]);
  if (n !== ids.length) throw new Error(`run rollup: ${ids.length - n} run(s) were added meanwhile`);
  return n;
}

/**
 * Adds up to `limit` finished runs not added yet (oldest first) to the rollup, in one transaction.
 * On PostgreSQL runs locked by someone else (a redrive) are skipped until the next batch.
 */
export async function rollupFinishedRunBatch(db: SqlDb, o: { limit: number; nowMs: number }): Promise<number> {
  return db.tx(async (q) => {
    const runs = await q.all<RunRow>(
      `SELECT ${RUN_COLS} FROM "Run" WHERE "rolledUpAtMs" IS NULL AND "status" IN ${TERMINAL_RUN_SQL_LIST} ORDER BY "createdAt" LIMIT ?${
        db.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
      }`,
      [o.limit],
    );
    return rollupRows(q, runs, o.nowMs);
  });
}

/** Before retention deletes runs: adds those of them not added yet, so purged runs keep counting. */
export async function rollupBeforeDelete(q: SqlQuery, dialect: SqlDb["dialect"], runIds: string[], nowMs: number): Promise<number> {
  if (!runIds.length) return 0;
  const runs = await q.all<RunRow>(
    `SELECT ${RUN_COLS} FROM "Run" WHERE "id" IN (${list(runIds.length)}) AND "rolledUpAtMs" IS NULL AND "status" IN ${TERMINAL_RUN_SQL_LIST}${
      dialect === "postgresql" ? " FOR UPDATE" : ""
    }`,
    runIds,
  );
  return rollupRows(q, runs, nowMs);
}

/**
 * Takes a finished run out of the rollup before it becomes active again (a redrive), in the caller's
 * transaction, and unstamps it: until it finishes again the dashboard reads it from the Run table.
 */
export async function unrollRun(q: SqlQuery, dialect: SqlDb["dialect"], runId: string): Promise<boolean> {
  const [run] = await q.all<RunRow & { rolledUpAtMs: number | null }>(
    `SELECT ${RUN_COLS}, "rolledUpAtMs" FROM "Run" WHERE "id"=?${dialect === "postgresql" ? " FOR UPDATE" : ""}`,
    [runId],
  );
  if (!run || run.rolledUpAtMs === null || run.rolledUpAtMs === undefined) return false;
  await applyRuns(q, [run], -1);
  await q.run(`UPDATE "Run" SET "rolledUpAtMs"=NULL WHERE "id"=?`, [runId]);
  return true;
}
