// Datasets of a workflow: rows of input (and optionally expected output), imported from JSON rows,
// a CSV or past runs. Every row is checked with zod and against the draft's Start input schema; one
// bad row refuses the whole import (invalid_dataset, each problem with its row number).
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import * as store from "@/lib/db/eval-dataset-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { validateJsonSchema } from "@/lib/engine/json-schema";
import { draftOf } from "@/lib/workflows/test-runs";
import { csvRows, type RowProblem } from "./csv-rows";
import { datasetRowSchema, type DatasetCreateBody, type DatasetRowInput } from "./evaluation-schemas";

export type { DatasetRecord, DatasetRow } from "@/lib/db/eval-dataset-store";

const SHOWN_PROBLEMS = 5;

function refuse(problems: RowProblem[]): never {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `row ${p.row}: ${p.message}`);
  const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : "";
  throw new DomainError("invalid_dataset", `Nothing was imported. ${shown.join("; ")}${more}.`, { problems });
}

/** The draft's Start input schema (the rows are inputs of runs of it). */
async function startSchema(db: Database, workflowId: string): Promise<unknown> {
  const draft = await draftOf(db, workflowId);
  const start = draft.nodes.find((n) => n.kind === "start");
  return (start?.config as { inputSchema?: unknown } | undefined)?.inputSchema ?? { type: "object", properties: {} };
}

/** zod on each row, then the Start schema on its input; `numberOf(i)` is how the caller numbers row i. */
function checkRows(raw: unknown[], schema: unknown, numberOf: (i: number) => number): DatasetRowInput[] {
  const problems: RowProblem[] = [];
  const rows: DatasetRowInput[] = [];
  raw.forEach((r, i) => {
    const parsed = datasetRowSchema.safeParse(r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ row: numberOf(i), message: `${issue?.path.join(".") || "row"}: ${issue?.message ?? "invalid"}` });
      return;
    }
    for (const p of validateJsonSchema(parsed.data.input, schema)) {
      problems.push({ row: numberOf(i), message: `input${p.path === "(root)" ? "" : `.${p.path}`}: ${p.message}` });
    }
    rows.push(parsed.data);
  });
  if (problems.length) refuse(problems);
  return rows;
}

/** The past runs' input and output as rows, each with the run it copies (for erasure), in `runIds` order. */
async function rowsFromRuns(db: Database, workflowId: string, runIds: string[]): Promise<{ rows: unknown[]; sources: string[] }> {
  const unique = [...new Set(runIds)];
  const found = new Map((await store.pastRuns(db.sql, workflowId, unique)).map((r) => [r.id, r]));
  const problems: RowProblem[] = [];
  const rows: unknown[] = [];
  const sources: string[] = [];
  unique.forEach((id, i) => {
    const run = found.get(id);
    if (!run) problems.push({ row: i + 1, message: `run ${id} is not a run of this workflow` });
    else if (run.status !== "succeeded")
      problems.push({ row: i + 1, message: `run ${id} ${run.status}: only a succeeded run gives an expected output` });
    else {
      rows.push({ input: run.input, expected: run.output ?? null });
      sources.push(id);
    }
  });
  if (problems.length) refuse(problems);
  return { rows, sources };
}

export async function createDataset(
  db: Database,
  workflowId: string,
  body: DatasetCreateBody,
  userId: string,
): Promise<store.DatasetRecord> {
  const schema = await startSchema(db, workflowId);
  let rows: (DatasetRowInput & { sourceRunId?: string })[];
  if (body.source === "csv") {
    const parsed = csvRows(body.csv, { ...body, inputSchema: schema });
    if (!parsed.ok) refuse(parsed.problems);
    rows = checkRows(parsed.rows, schema, (i) => i + 2);
  } else if (body.source === "runs") {
    const past = await rowsFromRuns(db, workflowId, body.runIds);
    rows = checkRows(past.rows, schema, (i) => i + 1).map((r, i) => ({ ...r, sourceRunId: past.sources[i] }));
  } else {
    rows = checkRows(body.rows, schema, (i) => i + 1);
  }
  return store.insertDataset(
    db.sql,
    { id: randomUUID(), workflowId, name: body.name, source: body.source, createdById: userId, createdAtMs: Date.now() },
    rows,
  );
}

export async function listDatasets(db: Database, workflowId: string): Promise<store.DatasetRecord[]> {
  await draftOf(db, workflowId);
  return store.listDatasets(db.sql, workflowId);
}

export async function getDataset(db: Database, workflowId: string, datasetId: string, rowLimit = 200) {
  const dataset = await store.findDataset(db.sql, workflowId, datasetId);
  if (!dataset) throw notFound("Dataset");
  return { dataset, rows: await store.datasetRows(db.sql, datasetId, rowLimit) };
}

export async function deleteDataset(db: Database, workflowId: string, datasetId: string): Promise<void> {
  if (!(await store.deleteDataset(db.sql, workflowId, datasetId))) throw notFound("Dataset");
}
