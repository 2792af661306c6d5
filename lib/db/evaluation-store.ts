// Evaluations and their rows (Evaluation, EvaluationRow): created with every row pending, claimed by
// one worker at a time through a lease, advanced row by row (started → run id, finished → scores),
// and the finished runs each row waits for. The rules live in lib/evaluations.
import "server-only";
import { WAKEUP_CHANNEL } from "./engine-store";
import { jsonColumn, jsonText, num } from "./row-codec";
import type { SqlDb, SqlQuery } from "./sql";

export interface EvaluationRecord {
  id: string;
  workflowId: string;
  datasetId: string;
  status: string;
  targetLabel: string;
  targetVersionId: string;
  draftHash: string | null;
  compareLabel: string | null;
  compareVersionId: string | null;
  graders: unknown;
  concurrency: number;
  rowCount: number;
  doneCount: number;
  totals: unknown;
  passRate: number | null;
  createdById: string;
  createdByRole: string;
  createdAtMs: number;
  finishedAtMs: number | null;
}

export interface EvaluationRowRecord {
  position: number;
  target: "a" | "b";
  status: string;
  runId: string | null;
  output: unknown;
  scores: unknown;
  pass: boolean | null;
  costUsd: number | null;
  latencyMs: number | null;
  escalated: boolean | null;
}

const COLUMNS = `"id","workflowId","datasetId","status","targetLabel","targetVersionId","draftHash","compareLabel","compareVersionId","graders","concurrency","rowCount","doneCount","totals","passRate","createdById","createdByRole","createdAtMs","finishedAtMs"`;
const ROW_COLUMNS = `"position","target","status","runId","output","scores","pass","costUsd","latencyMs","escalated"`;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const flag = (v: unknown): boolean | null => (v === null || v === undefined ? null : Number(v) === 1);

function toEvaluation(r: Record<string, unknown>): EvaluationRecord {
  return {
    id: String(r.id),
    workflowId: String(r.workflowId),
    datasetId: String(r.datasetId),
    status: String(r.status),
    targetLabel: String(r.targetLabel),
    targetVersionId: String(r.targetVersionId),
    draftHash: text(r.draftHash),
    compareLabel: text(r.compareLabel),
    compareVersionId: text(r.compareVersionId),
    graders: jsonColumn(r.graders),
    concurrency: num(r.concurrency) ?? 1,
    rowCount: num(r.rowCount) ?? 0,
    doneCount: num(r.doneCount) ?? 0,
    totals: jsonColumn(r.totals),
    passRate: num(r.passRate),
    createdById: String(r.createdById),
    createdByRole: String(r.createdByRole),
    createdAtMs: num(r.createdAtMs) ?? 0,
    finishedAtMs: num(r.finishedAtMs),
  };
}

function toRow(r: Record<string, unknown>): EvaluationRowRecord {
  return {
    position: num(r.position) ?? 0,
    target: String(r.target) === "b" ? "b" : "a",
    status: String(r.status),
    runId: text(r.runId),
    output: jsonColumn(r.output),
    scores: jsonColumn(r.scores),
    pass: flag(r.pass),
    costUsd: num(r.costUsd),
    latencyMs: num(r.latencyMs),
    escalated: flag(r.escalated),
  };
}

export type NewEvaluation = Omit<EvaluationRecord, "doneCount" | "totals" | "passRate" | "finishedAtMs" | "status" | "rowCount">;

/** The evaluation (queued) and one pending row per dataset row and target, in one transaction. */
export async function insertEvaluation(sql: SqlDb, e: NewEvaluation, positions: number[]): Promise<void> {
  const targets: ("a" | "b")[] = e.compareVersionId ? ["a", "b"] : ["a"];
  await sql.tx(async (q) => {
    await q.run(`INSERT INTO "Evaluation" (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, [
      e.id,
      e.workflowId,
      e.datasetId,
      "queued",
      e.targetLabel,
      e.targetVersionId,
      e.draftHash,
      e.compareLabel,
      e.compareVersionId,
      JSON.stringify(e.graders),
      e.concurrency,
      positions.length * targets.length,
      0,
      null,
      null,
      e.createdById,
      e.createdByRole,
      e.createdAtMs,
      null,
    ]);
    for (const p of positions) {
      for (const t of targets) {
        await q.run(`INSERT INTO "EvaluationRow" ("evaluationId","position","target","status") VALUES (?,?,?,'pending')`, [e.id, p, t]);
      }
    }
    // the evaluation sweepers of other processes LISTEN on the engine's channel (delivered at commit)
    if (sql.dialect === "postgresql") await q.all(`SELECT pg_notify('${WAKEUP_CHANNEL}', '')`);
  });
}

export async function findEvaluation(q: SqlQuery, workflowId: string, id: string): Promise<EvaluationRecord | null> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM "Evaluation" WHERE "workflowId"=? AND "id"=?`, [workflowId, id]);
  return rows[0] ? toEvaluation(rows[0]) : null;
}

export async function getEvaluation(q: SqlQuery, id: string): Promise<EvaluationRecord | null> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM "Evaluation" WHERE "id"=?`, [id]);
  return rows[0] ? toEvaluation(rows[0]) : null;
}

export async function listEvaluations(q: SqlQuery, workflowId: string, limit = 50): Promise<EvaluationRecord[]> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM "Evaluation" WHERE "workflowId"=? ORDER BY "createdAtMs" DESC, "id" LIMIT ?`, [
    workflowId,
    limit,
  ]);
  return rows.map(toEvaluation);
}

export async function evaluationRows(q: SqlQuery, id: string): Promise<EvaluationRowRecord[]> {
  const rows = await q.all(`SELECT ${ROW_COLUMNS} FROM "EvaluationRow" WHERE "evaluationId"=? ORDER BY "position","target"`, [id]);
  return rows.map(toRow);
}

/**
 * Claim an active evaluation (queued, running, or cancelled with rows still running) for `owner`
 * until `untilMs`: free, already ours, or its lease expired. Answers the ids claimed.
 */
export async function claimEvaluations(sql: SqlDb, owner: string, nowMs: number, untilMs: number, limit = 8): Promise<string[]> {
  const candidates = await sql.all(
    `SELECT e."id" FROM "Evaluation" e WHERE (e."status" IN ('queued','running')
       OR (e."status"='cancelled' AND EXISTS (SELECT 1 FROM "EvaluationRow" r WHERE r."evaluationId"=e."id" AND r."status" IN ('pending','running'))))
       AND (e."leaseOwner" IS NULL OR e."leaseOwner"=? OR e."leaseExpiresMs" < ?) ORDER BY e."createdAtMs" LIMIT ?`,
    [owner, nowMs, limit],
  );
  const claimed: string[] = [];
  for (const c of candidates) {
    const n = await sql.run(
      `UPDATE "Evaluation" SET "leaseOwner"=?, "leaseExpiresMs"=? WHERE "id"=? AND ("leaseOwner" IS NULL OR "leaseOwner"=? OR "leaseExpiresMs" < ?)`,
      [owner, untilMs, String(c.id), owner, nowMs],
    );
    if (n > 0) claimed.push(String(c.id));
  }
  return claimed;
}

/** Give back every lease `owner` holds (a stopping worker). */
export async function releaseEvaluations(sql: SqlDb, owner: string): Promise<void> {
  await sql.run(`UPDATE "Evaluation" SET "leaseOwner"=NULL, "leaseExpiresMs"=NULL WHERE "leaseOwner"=?`, [owner]);
}

export async function setEvaluationStatus(q: SqlQuery, id: string, from: string[], to: string): Promise<boolean> {
  return (
    (await q.run(`UPDATE "Evaluation" SET "status"=? WHERE "id"=? AND "status" IN (${from.map(() => "?").join(",")})`, [to, id, ...from])) >
    0
  );
}

/** The rows in `status`, oldest position first. */
export async function rowsInStatus(q: SqlQuery, id: string, status: string, limit: number): Promise<EvaluationRowRecord[]> {
  const rows = await q.all(
    `SELECT ${ROW_COLUMNS} FROM "EvaluationRow" WHERE "evaluationId"=? AND "status"=? ORDER BY "position","target" LIMIT ?`,
    [id, status, limit],
  );
  return rows.map(toRow);
}

export async function markRowStarted(q: SqlQuery, id: string, position: number, target: string, runId: string | null): Promise<void> {
  await q.run(`UPDATE "EvaluationRow" SET "status"='running', "runId"=? WHERE "evaluationId"=? AND "position"=? AND "target"=?`, [
    runId,
    id,
    position,
    target,
  ]);
}

export interface RowResult {
  output: unknown;
  scores: unknown;
  pass: boolean;
  costUsd: number;
  latencyMs: number;
  escalated: boolean;
}

/** Record a graded row (once: only a running row) and count it done. */
export async function markRowDone(sql: SqlDb, id: string, position: number, target: string, r: RowResult): Promise<void> {
  await sql.tx(async (q) => {
    const n = await q.run(
      `UPDATE "EvaluationRow" SET "status"='done', "output"=?, "scores"=?, "pass"=?, "costUsd"=?, "latencyMs"=?, "escalated"=?
       WHERE "evaluationId"=? AND "position"=? AND "target"=? AND "status"='running'`,
      [jsonText(r.output), JSON.stringify(r.scores), r.pass ? 1 : 0, r.costUsd, r.latencyMs, r.escalated ? 1 : 0, id, position, target],
    );
    if (n > 0) await q.run(`UPDATE "Evaluation" SET "doneCount"="doneCount"+1 WHERE "id"=?`, [id]);
  });
}

/** A cancelled evaluation: its pending and running rows are cancelled. */
export async function cancelOpenRows(q: SqlQuery, id: string): Promise<void> {
  await q.run(`UPDATE "EvaluationRow" SET "status"='cancelled' WHERE "evaluationId"=? AND "status" IN ('pending','running')`, [id]);
}

export async function finishEvaluation(q: SqlQuery, id: string, totals: unknown, passRate: number | null, atMs: number): Promise<boolean> {
  return (
    (await q.run(
      `UPDATE "Evaluation" SET "status"='finished', "totals"=?, "passRate"=?, "finishedAtMs"=?, "leaseOwner"=NULL, "leaseExpiresMs"=NULL
       WHERE "id"=? AND "status" IN ('queued','running')`,
      [JSON.stringify(totals), passRate, atMs, id],
    )) > 0
  );
}

export async function closeCancelled(q: SqlQuery, id: string, totals: unknown, atMs: number): Promise<void> {
  await q.run(`UPDATE "Evaluation" SET "totals"=?, "finishedAtMs"=?, "leaseOwner"=NULL, "leaseExpiresMs"=NULL WHERE "id"=?`, [
    JSON.stringify(totals),
    atMs,
    id,
  ]);
}

/** What a row's grading needs of its run. */
export interface RowRun {
  id: string;
  status: string;
  waitingOn: string | null;
  output: unknown;
  error: unknown;
  costUsd: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  escalated: boolean;
}

export async function rowRuns(q: SqlQuery, runIds: string[]): Promise<Map<string, RowRun>> {
  const out = new Map<string, RowRun>();
  if (!runIds.length) return out;
  const rows = await q.all(
    `SELECT r."id", r."status", r."waitingOn", r."output", r."error", r."costUsd", r."startedAtMs", r."finishedAtMs",
       EXISTS (SELECT 1 FROM "Step" s WHERE s."runId"=r."id" AND s."kind"='agent' AND s."outputHandle"='escalate') AS "escalated"
     FROM "Run" r WHERE r."id" IN (${runIds.map(() => "?").join(",")})`,
    runIds,
  );
  for (const r of rows) {
    out.set(String(r.id), {
      id: String(r.id),
      status: String(r.status),
      waitingOn: text(r.waitingOn),
      output: jsonColumn(r.output),
      error: jsonColumn(r.error),
      costUsd: num(r.costUsd) ?? 0,
      startedAtMs: num(r.startedAtMs),
      finishedAtMs: num(r.finishedAtMs),
      escalated: r.escalated === true || Number(r.escalated) === 1,
    });
  }
  return out;
}

/** Finished evaluations of this exact draft (by hash) at or above `passRate`. */
export async function passingDraftEvaluation(q: SqlQuery, workflowId: string, draftHash: string, passRate: number): Promise<string | null> {
  const rows = await q.all(
    `SELECT "id" FROM "Evaluation" WHERE "workflowId"=? AND "draftHash"=? AND "status"='finished' AND "passRate" >= ? ORDER BY "finishedAtMs" DESC LIMIT 1`,
    [workflowId, draftHash, passRate],
  );
  return rows[0] ? String(rows[0].id) : null;
}
