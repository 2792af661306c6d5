// Request and response shapes of POST /api/v1/runs/bulk. Isomorphic (the confirmation dialog uses them).
import { z } from "zod";
import { runListFilterSchema } from "./run-list-filter";
import { RUN_ID_PATTERN } from "./topics";

/** One request acts on at most this many runs (each is its own transaction). */
export const MAX_BULK_RUNS = 500;

export const BULK_ACTIONS = ["cancel", "retry_failed"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const bulkBodySchema = z.strictObject({
  action: z.enum(BULK_ACTIONS),
  /** Either the selected runs or every run a list filter matches. */
  target: z.union([
    z.strictObject({ runIds: z.array(z.string().regex(RUN_ID_PATTERN, "not a run id")).min(1).max(MAX_BULK_RUNS) }),
    z.strictObject({ filter: runListFilterSchema }),
  ]),
  /** Count only: what the confirmation states. Nothing is changed. */
  dryRun: z.boolean().default(false),
  /** The eligible count the user confirmed; if it changed meanwhile the request is refused (409). */
  expectedCount: z.number().int().min(0).optional(),
  reason: z.string().trim().max(500).optional(),
});
export type BulkBody = z.input<typeof bulkBodySchema>;

export interface BulkPreview {
  action: BulkAction;
  supported: boolean;
  /** Why the action cannot run (engine support missing), when !supported. */
  reason?: string;
  /** Runs in the selection / matching the filter (capped for filters: see matchedIsExact). */
  matched: number;
  matchedIsExact: boolean;
  /** Of those, runs the action applies to (active runs for cancel, failed runs for retry). */
  eligible: number;
  limit: number;
}

export interface BulkResult extends BulkPreview {
  done: string[];
  /** Finished meanwhile (nothing to do). */
  skipped: string[];
  failed: { runId: string; message: string }[];
}
