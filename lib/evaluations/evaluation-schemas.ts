// The typed source of truth of evaluations: graders, dataset rows and imports, the start body, the
// workflow's evaluation settings and what stored JSON columns must look like when read back.
import { z } from "zod";
import { MAX_EXPRESSION_LENGTH } from "@/lib/model/expressions";
import { nameText } from "@/lib/model/text-fields";
import { utf8Length } from "@/lib/model/json-size";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** Largest dataset a workflow keeps (rows), and largest JSON per row (input + expected). */
export const MAX_DATASET_ROWS = 1000;
export const MAX_ROW_BYTES = 64 * 1024;
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** A dot path into the output (`score`, `result.total`); empty: the whole output. */
const fieldPath = z
  .string()
  .trim()
  .max(200)
  .regex(/^$|^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "field is a dot path such as result.total")
  .default("");

export const graderSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("jsonata"),
    /** Passes when it evaluates to true over { input, output, expected }. */
    expression: z.string().trim().min(1, "expression is required").max(MAX_EXPRESSION_LENGTH),
  }),
  z.strictObject({ kind: z.literal("exact"), field: fieldPath }),
  z.strictObject({ kind: z.literal("contains"), field: fieldPath }),
  z.strictObject({
    kind: z.literal("json_schema"),
    field: fieldPath,
    /** The schema the output must match; without one the row's expected value is the schema. */
    schema: z.record(z.string(), z.unknown()).nullable().default(null),
  }),
  z.strictObject({ kind: z.literal("numeric"), field: fieldPath, tolerance: z.number().min(0).max(1e12) }),
  z.strictObject({
    kind: z.literal("llm_judge"),
    providerId: z.string().min(1).max(100),
    model: z.string().trim().max(200).default(""),
    rubric: z.string().trim().min(1, "rubric is required").max(8000),
    /** The judge's score (0..1) at or above which the row passes. */
    passScore: z.number().min(0).max(1).default(0.5),
  }),
]);
export type Grader = z.output<typeof graderSchema>;
export type GraderKind = Grader["kind"];

export const gradersSchema = z.array(graderSchema).min(1, "Add at least one grader").max(10);

/** What one grader said about one row. */
export const graderScoreSchema = z.object({
  kind: z.string(),
  pass: z.boolean(),
  score: z.number(),
  detail: z.string().optional(),
});
export type GraderScore = z.infer<typeof graderScoreSchema>;

const rowInput = z.record(z.string(), z.unknown());
export const datasetRowSchema = z
  .strictObject({ input: rowInput, expected: z.unknown().optional() })
  .refine((r) => utf8Length(JSON.stringify(r)) <= MAX_ROW_BYTES, `a row is at most ${MAX_ROW_BYTES} bytes of JSON`);
export type DatasetRowInput = z.infer<typeof datasetRowSchema>;

const datasetName = nameText({ max: 120, required: "Name is required", tooLong: "Name is at most 120 characters" });

/** POST /workflows/:id/datasets: rows given as JSON, a CSV text, or past runs of the workflow. */
export const datasetCreateBody = z.discriminatedUnion("source", [
  z.strictObject({
    source: z.literal("rows"),
    name: datasetName,
    rows: z.array(z.unknown()).min(1, "Give at least one row").max(MAX_DATASET_ROWS),
  }),
  z.strictObject({
    source: z.literal("csv"),
    name: datasetName,
    csv: z
      .string()
      .min(1, "The CSV is empty")
      .refine((s) => utf8Length(s) <= MAX_CSV_BYTES, `The CSV is larger than ${MAX_CSV_BYTES} bytes`),
    /** CSV column → input field; columns left out map to the field of the same name. */
    columns: z.record(z.string().max(200), z.string().trim().min(1).max(200)).default({}),
    /** The column holding the expected output (JSON or text); default "expected" when present. */
    expectedColumn: z.string().max(200).optional(),
    /** Columns that fill nothing (notes, ids of another system). */
    ignoredColumns: z.array(z.string().max(200)).max(200).optional(),
  }),
  z.strictObject({
    source: z.literal("runs"),
    name: datasetName,
    runIds: z.array(z.string().min(1).max(128)).min(1, "Pick at least one run").max(MAX_DATASET_ROWS),
  }),
]);
export type DatasetCreateBody = z.infer<typeof datasetCreateBody>;

/** A target: the current draft, or a published version by number. */
export const targetSchema = z.union([z.literal("draft"), z.number().int().min(1).max(1_000_000)]);
export type Target = z.infer<typeof targetSchema>;

export const evaluationStartBody = z.strictObject({
  datasetId: z.string().min(1).max(100),
  target: targetSchema,
  /** A published version to run beside the target. */
  compareVersion: z.number().int().min(1).max(1_000_000).nullable().default(null),
  graders: gradersSchema,
});
export type EvaluationStartBody = z.infer<typeof evaluationStartBody>;

export const DEFAULT_EVAL_CONCURRENCY = 4;

/** Workflow.settings.evaluations */
export const evaluationSettingsSchema = z.strictObject({
  /** Test runs an evaluation keeps in flight at once. */
  concurrency: z.number().int().min(1).max(32).default(DEFAULT_EVAL_CONCURRENCY),
  /** When set, publishing needs a finished evaluation of the exact draft with at least this pass rate (0..1). */
  requirePassRate: z.number().min(0).max(1).nullable().default(null),
});
export type EvaluationSettings = z.output<typeof evaluationSettingsSchema>;

/** The settings stored in a workflow's settings JSON; anything unreadable falls back to the defaults. */
export function parseEvaluationSettings(settings: Record<string, unknown>): EvaluationSettings {
  const parsed = evaluationSettingsSchema.safeParse(settings.evaluations ?? {});
  return parsed.success ? parsed.data : evaluationSettingsSchema.parse({});
}

export const datasetParams = workflowParams.extend({ datasetId: z.string().min(1).max(100) });
export const evaluationParams = workflowParams.extend({ evaluationId: z.string().min(1).max(100) });

export type EvaluationStatus = "queued" | "running" | "finished" | "cancelled";
