// The publish gate: a workflow whose settings require a passing evaluation publishes only a draft
// that an evaluation ran exactly (the same stored graph, by hash) and that finished at or above the
// pass rate. Called by publishWorkflow before anything is written.
import type { Database } from "@/lib/db/connection";
import { passingDraftEvaluation } from "@/lib/db/evaluation-store";
import { readWorkflowSettings } from "@/lib/db/workflow-settings-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { sha256Hex } from "@/lib/security/hash";
import { parseEvaluationSettings } from "./evaluation-schemas";

/**
 * The publish gate: when the workflow's settings require a passing evaluation, publishing the draft
 * whose stored graph is `graphText` needs a finished evaluation of exactly that draft at or above the
 * pass rate. Refuses with evaluation_required otherwise.
 */
export async function assertPublishable(db: Database, workflowId: string, graphText: string): Promise<void> {
  const wf = await readWorkflowSettings(db.sql, workflowId);
  if (!wf) throw notFound("Workflow");
  const { requirePassRate } = parseEvaluationSettings(wf.settings);
  if (requirePassRate === null) return;
  if (await passingDraftEvaluation(db.sql, workflowId, sha256Hex(graphText), requirePassRate)) return;
  throw new DomainError(
    "evaluation_required",
    `Publishing needs a finished evaluation of this exact draft with a pass rate of at least ${Math.round(requirePassRate * 100)}%: run one on the Evaluations page.`,
    { requirePassRate },
  );
}
