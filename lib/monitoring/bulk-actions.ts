// Bulk cancel / retry-failed-steps over a selection or a list filter. The preview (dry run) and the real
// request resolve the target the same way; the real one refuses if the eligible count differs from
// what the user confirmed. Each run goes through the engine's own operation (one transaction, an
// audit event, a wake-up), so a bulk action is exactly N single actions.
import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import type { SqlDb } from "@/lib/db/sql";
import { filteredRunTarget, selectedRunTarget, type BulkTarget } from "@/lib/db/bulk-target-read";
import { cancelRun, type EngineDeps } from "@/lib/engine/run-service";
import { retryFailedSteps } from "@/lib/engine/retry-failed";
import { DomainError, forbidden } from "@/lib/errors/domain-error";
import { ACTIVE_RUN_STATUSES } from "@/lib/model/vocabulary";
import { MAX_BULK_RUNS, type BulkAction, type BulkPreview, type BulkResult, type bulkBodySchema } from "./bulk-schema";
import type { z } from "zod";

type BulkRequest = z.output<typeof bulkBodySchema>;

/** Statuses each action applies to (the engine refuses the others). */
export const ELIGIBLE: Record<BulkAction, readonly string[]> = {
  cancel: ACTIVE_RUN_STATUSES,
  retry_failed: ["failed"],
};

/** Engine capabilities this screen depends on (kept as data so a missing one can be shown disabled with its reason). */
export const ENGINE_SUPPORT: Record<BulkAction, { supported: boolean; reason?: string }> = {
  cancel: { supported: true },
  retry_failed: { supported: true },
};

/** One run, through the engine's own operation (one transaction, its events, an audit entry, a wake-up). */
type Actor = { id: string; byApiKey?: boolean };

const ACT: Record<BulkAction, (deps: EngineDeps, runId: string, actor: Actor, reason: string | undefined) => Promise<unknown>> = {
  cancel: (deps, runId, actor, reason) =>
    cancelRun(deps, { runId, userId: actor.id, reason: reason || "Cancelled in bulk from the runs list" }),
  // A test run is a person's: with an API key it lands in `failed` (test_run_only), left as it was.
  retry_failed: (deps, runId, actor) => retryFailedSteps(deps, { runId, userId: actor.id, byApiKey: actor.byApiKey }),
};

async function resolveTarget(db: SqlDb, req: BulkRequest): Promise<BulkTarget> {
  const statuses = ELIGIBLE[req.action];
  return "runIds" in req.target
    ? selectedRunTarget(db, req.target.runIds, statuses)
    : filteredRunTarget(db, req.target.filter, statuses, MAX_BULK_RUNS + 1);
}

export async function previewBulk(db: SqlDb, req: BulkRequest): Promise<BulkPreview & { eligibleIds: string[] }> {
  const t = await resolveTarget(db, req);
  return {
    action: req.action,
    ...ENGINE_SUPPORT[req.action],
    matched: t.matched,
    matchedIsExact: t.matchedIsExact,
    eligible: t.eligibleIds.length,
    limit: MAX_BULK_RUNS,
    eligibleIds: t.eligibleIds,
  };
}

export async function runBulk(
  deps: EngineDeps & { db: SqlDb },
  user: SessionUser & { byApiKey?: boolean },
  req: BulkRequest,
): Promise<BulkPreview | BulkResult> {
  if (!can(user.role, "runs:control")) throw forbidden("Your role does not allow controlling runs.");
  const { eligibleIds, ...preview } = await previewBulk(deps.db, req);
  if (req.dryRun) return preview;
  if (!preview.supported) throw new DomainError("not_supported", preview.reason ?? "This action is not supported yet.");
  if (eligibleIds.length > MAX_BULK_RUNS) {
    throw new DomainError(
      "too_many_runs",
      `More than ${MAX_BULK_RUNS} runs match; narrow the filter (each request acts on at most ${MAX_BULK_RUNS}).`,
    );
  }
  if (req.expectedCount !== undefined && req.expectedCount !== eligibleIds.length) {
    throw new DomainError(
      "count_changed",
      `The number of runs changed from ${req.expectedCount} to ${eligibleIds.length}; review and confirm again.`,
      { eligible: eligibleIds.length },
    );
  }
  const result: BulkResult = { ...preview, done: [], skipped: [], failed: [] };
  for (const runId of eligibleIds) {
    try {
      await ACT[req.action](deps, runId, user, req.reason);
      result.done.push(runId);
    } catch (e) {
      const err = e as { status?: unknown; code?: unknown; message?: unknown };
      if (err.status === 409) result.skipped.push(runId);
      else if (typeof err.status === "number" && err.status < 500) result.failed.push({ runId, message: String(err.message) });
      else {
        console.error(`[bulk] ${req.action} failed`, runId, e);
        result.failed.push({ runId, message: "Unexpected error; the run was left as it was." });
      }
    }
  }
  return result;
}
