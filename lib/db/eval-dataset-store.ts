// Datasets of a workflow's evaluations (EvalDataset, EvalDatasetRow) and the past runs a dataset is
// imported from. The rules (zod on every row, the Start schema) live in lib/evaluations.
import "server-only";
import { jsonColumn, num } from "./row-codec";
import type { SqlDb, SqlQuery } from "./sql";

export interface DatasetRecord {
  id: string;
  workflowId: string;
  name: string;
  source: string;
  rowCount: number;
  createdById: string | null;
  createdAtMs: number;
}

export interface DatasetRow {
  position: number;
  input: unknown;
  expected: unknown;
}

const COLUMNS = `"id","workflowId","name","source","rowCount","createdById","createdAtMs"`;

function toDataset(r: Record<string, unknown>): DatasetRecord {
  return {
    id: String(r.id),
    workflowId: String(r.workflowId),
    name: String(r.name),
    source: String(r.source),
    rowCount: num(r.rowCount) ?? 0,
    createdById: r.createdById === null || r.createdById === undefined ? null : String(r.createdById),
    createdAtMs: num(r.createdAtMs) ?? 0,
  };
}

/**
 * The dataset and its rows, in one transaction. `expected` undefined is stored as NULL; `sourceRunId`
 * is the past run a row copies, and the row keeps that run's data subject (its keyed hash) too: an
 * erasure of the subject redacts the row even after the retention purge deleted the run.
 */
export async function insertDataset(
  sql: SqlDb,
  d: Omit<DatasetRecord, "rowCount">,
  rows: { input: unknown; expected?: unknown; sourceRunId?: string }[],
): Promise<DatasetRecord> {
  await sql.tx(async (q) => {
    await q.run(`INSERT INTO "EvalDataset" (${COLUMNS}) VALUES (?,?,?,?,?,?,?)`, [
      d.id,
      d.workflowId,
      d.name,
      d.source,
      rows.length,
      d.createdById,
      d.createdAtMs,
    ]);
    for (let i = 0; i < rows.length; i++) {
      const source = rows[i].sourceRunId ?? null;
      await q.run(
        `INSERT INTO "EvalDatasetRow" ("datasetId","position","input","expected","sourceRunId","subjectHash")
         VALUES (?,?,?,?,?,(SELECT "subjectHash" FROM "Run" WHERE "id"=?))`,
        [
          d.id,
          i + 1,
          JSON.stringify(rows[i].input),
          rows[i].expected === undefined ? null : JSON.stringify(rows[i].expected),
          source,
          source,
        ],
      );
    }
  });
  return { ...d, rowCount: rows.length };
}

export async function listDatasets(q: SqlQuery, workflowId: string): Promise<DatasetRecord[]> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM "EvalDataset" WHERE "workflowId"=? ORDER BY "createdAtMs" DESC, "id"`, [workflowId]);
  return rows.map(toDataset);
}

export async function findDataset(q: SqlQuery, workflowId: string, id: string): Promise<DatasetRecord | null> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM "EvalDataset" WHERE "workflowId"=? AND "id"=?`, [workflowId, id]);
  return rows[0] ? toDataset(rows[0]) : null;
}

export async function datasetRows(q: SqlQuery, datasetId: string, limit = 100_000): Promise<DatasetRow[]> {
  const rows = await q.all(`SELECT "position","input","expected" FROM "EvalDatasetRow" WHERE "datasetId"=? ORDER BY "position" LIMIT ?`, [
    datasetId,
    limit,
  ]);
  return rows.map((r) => ({
    position: num(r.position) ?? 0,
    input: jsonColumn(r.input),
    expected: r.expected === null || r.expected === undefined ? undefined : jsonColumn(r.expected),
  }));
}

/** Delete a dataset and its rows; false when it was not there. */
export async function deleteDataset(sql: SqlDb, workflowId: string, id: string): Promise<boolean> {
  return sql.tx(async (q) => {
    const n = await q.run(`DELETE FROM "EvalDataset" WHERE "workflowId"=? AND "id"=?`, [workflowId, id]);
    if (n > 0) await q.run(`DELETE FROM "EvalDatasetRow" WHERE "datasetId"=?`, [id]);
    return n > 0;
  });
}

export interface PastRun {
  id: string;
  status: string;
  input: unknown;
  output: unknown;
}

/** Runs of this workflow among `ids` (top-level only), with their input and output. */
export async function pastRuns(q: SqlQuery, workflowId: string, ids: string[]): Promise<PastRun[]> {
  if (!ids.length) return [];
  const rows = await q.all(
    `SELECT "id","status","input","output" FROM "Run" WHERE "workflowId"=? AND "parentRunId" IS NULL AND "id" IN (${ids.map(() => "?").join(",")})`,
    [workflowId, ...ids],
  );
  return rows.map((r) => ({ id: String(r.id), status: String(r.status), input: jsonColumn(r.input), output: jsonColumn(r.output) }));
}
