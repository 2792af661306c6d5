// Response schemas of the dataset, evaluation and evaluation-settings routes (app/api/v1/workflows/:id/{datasets,evaluations,evaluation-settings}).
import { z } from "zod";
import { anyJson, epochMs, obj } from "./common";

export const datasetSchema = obj({
  id: z.string(),
  workflowId: z.string(),
  name: z.string(),
  source: z.enum(["rows", "csv", "runs"]),
  rowCount: z.number().int(),
  createdById: z.string().nullable(),
  createdAtMs: epochMs,
}).meta({ id: "EvalDataset" });

export const datasetListBody = obj({ datasets: z.array(datasetSchema) });
export const datasetBody = obj({ dataset: datasetSchema });
export const datasetDetailBody = obj({
  dataset: datasetSchema,
  rows: z.array(obj({ position: z.number().int(), input: anyJson, expected: anyJson.optional() })),
}).meta({ id: "EvalDatasetDetail" });

const status = z.enum(["queued", "running", "finished", "cancelled"]);

const targetSummary = obj({
  rows: z.number().int(),
  done: z.number().int(),
  passed: z.number().int(),
  passRate: z.number().nullable(),
  costUsd: z.number(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  escalationRate: z.number().nullable(),
}).meta({ id: "EvaluationTargetSummary" });

export const evaluationSchema = obj({
  id: z.string(),
  workflowId: z.string(),
  datasetId: z.string(),
  status,
  targetLabel: z.string().meta({ description: '"draft" or "v<N>".' }),
  targetVersionId: z.string(),
  draftHash: z.string().nullable(),
  compareLabel: z.string().nullable(),
  compareVersionId: z.string().nullable(),
  graders: anyJson,
  concurrency: z.number().int(),
  rowCount: z.number().int().meta({ description: "Dataset rows × targets." }),
  doneCount: z.number().int(),
  totals: anyJson,
  passRate: z.number().nullable(),
  createdById: z.string(),
  createdByRole: z.string(),
  createdAtMs: epochMs,
  finishedAtMs: epochMs.nullable(),
}).meta({ id: "Evaluation" });

export const evaluationBody = obj({ evaluation: evaluationSchema });
export const evaluationListBody = obj({ evaluations: z.array(evaluationSchema) });

export const evaluationDetailBody = obj({
  evaluation: evaluationSchema,
  totals: obj({
    a: targetSummary,
    b: targetSummary.nullable(),
    changed: z.array(obj({ position: z.number().int(), a: z.boolean(), b: z.boolean() })),
  }),
  rows: z.array(
    obj({
      position: z.number().int(),
      target: z.enum(["a", "b"]),
      status: z.enum(["pending", "running", "done", "cancelled"]),
      runId: z.string().nullable(),
      input: anyJson,
      expected: anyJson,
      output: anyJson,
      scores: anyJson,
      pass: z.boolean().nullable(),
      costUsd: z.number().nullable(),
      latencyMs: z.number().nullable(),
      escalated: z.boolean().nullable(),
    }),
  ),
}).meta({ id: "EvaluationDetail" });

export const evaluationSettingsBody = obj({
  concurrency: z.number().int(),
  requirePassRate: z.number().nullable(),
}).meta({ id: "EvaluationSettings" });
