// Request schemas of the run and task endpoints (app/api/v1/runs/**, app/api/v1/tasks/**).
import { z } from "zod";
import { freeText } from "@/lib/model/text-fields";
import { RUN_STATUSES, TASK_DECISIONS } from "@/lib/model/vocabulary";
import { outcomeName } from "@/lib/model/run-outcome";

export const startRunBody = z
  .object({
    versionId: z.string().min(1).max(128).optional(),
    workflowId: z.string().min(1).max(128).optional(),
    input: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((b) => b.versionId !== undefined || b.workflowId !== undefined, "Give versionId or workflowId");

export const listRunsQuery = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    workflowId: z.string().min(1).max(128).optional(),
    /** Runs that came to this outcome (an End node's, or rejected / timed_out). */
    outcome: outcomeName.optional(),
    /** Test runs of drafts: left out by default; `include` lists them with the others, `only` alone. */
    test: z.enum(["exclude", "include", "only"]).optional(),
    /** Runs of this published version. */
    versionId: z.string().min(1).max(128).optional(),
    /** Runs created at or after `from` and at or before `to` (epoch ms). */
    from: z.coerce.number().int().min(0).max(8_640_000_000_000_000).optional(),
    to: z.coerce.number().int().min(0).max(8_640_000_000_000_000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(512).optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: "from must be before to", path: ["from"] });

export const runParams = z.object({ runId: z.string().min(1).max(128) });
export const taskParams = z.object({ taskId: z.string().min(1).max(128) });

export const cancelRunBody = z.object({ reason: freeText(1000).optional() });

export const decideTaskBody = z.object({
  decision: z.enum(TASK_DECISIONS),
  comment: freeText(10_000).optional(),
  /** Edited payload (approve only): only the task's editable fields may differ. */
  payload: z.unknown().optional(),
  /** The Task.version the reviewer saw; a mismatch is a 409. */
  expectedVersion: z.number().int().min(0).optional(),
});
