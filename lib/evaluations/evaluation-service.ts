// Starting, reading and cancelling evaluations, the workflow's evaluation settings and the publish
// gate. Starting one only writes it (queued, one pending row per dataset row and target): the
// worker's evaluation runner (./evaluation-runner.ts) runs the rows as test runs.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import * as evals from "@/lib/db/evaluation-store";
import { datasetRows, findDataset } from "@/lib/db/eval-dataset-store";
import { findVersion } from "@/lib/db/workflow-store";
import { readWorkflowSettings, writeWorkflowSetting } from "@/lib/db/workflow-settings-store";
import { appendAudit } from "@/lib/db/audit-store";
import { txNow } from "@/lib/db/tx-now";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { sha256Hex } from "@/lib/security/hash";
import { assertPerson, draftOf, testSnapshotOf, validDraft } from "@/lib/workflows/test-runs";
import { readVersionGraph } from "@/lib/workflows/workflow-service";
import { evaluationTotals, type EvaluationTotals } from "./results";
import { parseEvaluationSettings, type EvaluationSettings, type EvaluationStartBody } from "./evaluation-schemas";

export type { EvaluationRecord, EvaluationRowRecord } from "@/lib/db/evaluation-store";

export interface EvaluationUser {
  id: string;
  role: string;
}

async function versionSnapshot(db: Database, workflowId: string, version: number, userId: string) {
  const v = await findVersion(db.sql, workflowId, version);
  if (!v) throw notFound(`Version ${version}`); // numbers ≥ 1 only: test snapshots are negative
  return testSnapshotOf(db, workflowId, readVersionGraph(v.graph, v.id), userId);
}

async function settingsOf(db: Database, workflowId: string): Promise<EvaluationSettings> {
  const wf = await readWorkflowSettings(db.sql, workflowId);
  if (!wf) throw notFound("Workflow");
  return parseEvaluationSettings(wf.settings);
}

/**
 * Start an evaluation of the draft (validated like a publish) or a published version over a
 * dataset, beside `compareVersion` when given. A person's only, like the test runs it starts.
 */
export async function startEvaluation(
  db: Database,
  workflowId: string,
  body: EvaluationStartBody,
  user: EvaluationUser,
  trigger: "manual" | "api",
): Promise<evals.EvaluationRecord> {
  assertPerson(trigger);
  const settings = await settingsOf(db, workflowId);
  const dataset = await findDataset(db.sql, workflowId, body.datasetId);
  if (!dataset) throw notFound("Dataset");
  const target =
    body.target === "draft"
      ? await testSnapshotOf(db, workflowId, await validDraft(db, workflowId, "an evaluation"), user.id)
      : await versionSnapshot(db, workflowId, body.target, user.id);
  const compare = body.compareVersion === null ? null : await versionSnapshot(db, workflowId, body.compareVersion, user.id);
  const positions = (await datasetRows(db.sql, dataset.id)).map((r) => r.position);
  const id = randomUUID();
  await evals.insertEvaluation(
    db.sql,
    {
      id,
      workflowId,
      datasetId: dataset.id,
      targetLabel: body.target === "draft" ? "draft" : `v${body.target}`,
      targetVersionId: target.id,
      draftHash: body.target === "draft" ? sha256Hex(target.graphText) : null,
      compareLabel: body.compareVersion === null ? null : `v${body.compareVersion}`,
      compareVersionId: compare?.id ?? null,
      graders: body.graders,
      concurrency: settings.concurrency,
      createdById: user.id,
      createdByRole: user.role,
      createdAtMs: Date.now(),
    },
    positions,
  );
  return (await evals.getEvaluation(db.sql, id))!;
}

export async function listEvaluations(db: Database, workflowId: string): Promise<evals.EvaluationRecord[]> {
  await draftOf(db, workflowId);
  return evals.listEvaluations(db.sql, workflowId);
}

export interface EvaluationResultRow extends evals.EvaluationRowRecord {
  input: unknown;
  expected: unknown;
}

export interface EvaluationDetail {
  evaluation: evals.EvaluationRecord;
  totals: EvaluationTotals;
  rows: EvaluationResultRow[];
}

/** The evaluation, its numbers (live while it runs) and every row with the dataset row it ran. */
export async function getEvaluationDetail(db: Database, workflowId: string, id: string): Promise<EvaluationDetail> {
  const evaluation = await evals.findEvaluation(db.sql, workflowId, id);
  if (!evaluation) throw notFound("Evaluation");
  const rows = await evals.evaluationRows(db.sql, id);
  const data = new Map((await datasetRows(db.sql, evaluation.datasetId)).map((r) => [r.position, r]));
  return {
    evaluation,
    totals: evaluationTotals(rows, evaluation.compareVersionId !== null),
    rows: rows.map((r) => ({ ...r, input: data.get(r.position)?.input ?? null, expected: data.get(r.position)?.expected ?? null })),
  };
}

/** Cancel a queued or running evaluation: no new row starts; the runner cancels the runs in flight. */
export async function cancelEvaluation(db: Database, workflowId: string, id: string): Promise<evals.EvaluationRecord> {
  const evaluation = await evals.findEvaluation(db.sql, workflowId, id);
  if (!evaluation) throw notFound("Evaluation");
  if (!(await evals.setEvaluationStatus(db.sql, id, ["queued", "running"], "cancelled"))) {
    throw new DomainError("evaluation_finished", `This evaluation is ${evaluation.status}: there is nothing to cancel.`);
  }
  return (await evals.getEvaluation(db.sql, id))!;
}

export async function getEvaluationSettings(db: Database, workflowId: string): Promise<EvaluationSettings> {
  return settingsOf(db, workflowId);
}

/** Replace the workflow's evaluation settings; audited. */
export async function setEvaluationSettings(
  db: Database,
  workflowId: string,
  next: EvaluationSettings,
  actorId: string,
): Promise<EvaluationSettings> {
  await db.sql.tx(async (q) => {
    const wf = await readWorkflowSettings(q, workflowId);
    if (!wf) throw notFound("Workflow");
    await writeWorkflowSetting(q, workflowId, "evaluations", next);
    await appendAudit(q, db.sql.dialect, {
      atMs: await txNow(db.sql.dialect, q),
      actorId,
      actorType: "user",
      action: "workflow.evaluation_settings_changed",
      targetType: "workflow",
      targetId: workflowId,
      data: { before: parseEvaluationSettings(wf.settings), after: next },
    });
  });
  return next;
}
