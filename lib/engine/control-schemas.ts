// Request schemas of the run control-flow endpoints: retry failed steps in place and rerun from a step
// (app/api/v1/runs/[runId]/retry, app/api/v1/runs/[runId]/rerun).
import { z } from "zod";

export const retryRunBody = z.object({}).strict();

export const rerunRunBody = z
  .object({
    /** The step to start from: its step key or node id. */
    stepKey: z.string().trim().min(1).max(256).optional(),
    nodeId: z.string().trim().min(1).max(128).optional(),
    /** Outputs the chosen step should see, by name or id of the steps feeding it (or of Start = run input). */
    inputOverride: z.record(z.string(), z.unknown()).optional(),
    version: z.enum(["original", "latest"]).default("original"),
  })
  .strict()
  .refine((b) => b.stepKey !== undefined || b.nodeId !== undefined, { message: "Give stepKey or nodeId", path: ["stepKey"] });
