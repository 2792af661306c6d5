import { evaluateExpression } from "@/lib/model/expressions";
import { MAX_SUBWORKFLOW_DEPTH } from "@/lib/model/node-kinds/subworkflow";
import { NonRetriableError } from "../errors";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import type { Executor } from "./types";

/**
 * Sub-workflow: `start` resolves the child's published version (the number pinned at publish, or
 * "latest" when the designer chose it), evaluates the child input, and parks the step; the child run
 * is inserted in the same commit. The child's end wakes the parent, and `resume` takes its output
 * (or fails the step with the child's error). Depth is limited so a workflow calling itself stops.
 */
export const subworkflowExecutor: Executor<"subworkflow"> = {
  kind: "subworkflow",
  effect: false,
  start: async (node, ctx) => {
    const c = node.config;
    const depth = (ctx.run.depth ?? 0) + 1;
    if (depth > MAX_SUBWORKFLOW_DEPTH) {
      throw new NonRetriableError(
        `Sub-workflow depth limit reached: "${node.name}" would start a child at depth ${depth}, and at most ${MAX_SUBWORKFLOW_DEPTH} levels are allowed (does the workflow call itself?)`,
        "subworkflow_depth",
      );
    }
    if (!c.workflowId) throw new NonRetriableError(`"${node.name}" does not name a workflow to call`, "subworkflow_unset");
    if (!c.version) {
      throw new NonRetriableError(
        `"${node.name}" has no pinned version: publish the workflow again to pin the child's version`,
        "subworkflow_unpinned",
      );
    }
    const wanted = c.version === "latest" ? "latest" : Number(c.version);
    const version = ctx.resolveVersion ? await ctx.resolveVersion(c.workflowId, wanted) : null;
    if (!version) {
      throw new NonRetriableError(
        `Workflow ${c.workflowId} has no published ${wanted === "latest" ? "version" : `version ${wanted}`} to run as a sub-workflow`,
        "subworkflow_version_missing",
      );
    }
    const input = await evaluateExpression(c.input, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    const childId = ctx.newId();
    return {
      type: "wait",
      wakeAtMs: null,
      reason: "subworkflow",
      input: { childRunId: childId, workflowId: c.workflowId, versionId: version.id, version: version.version, input: input ?? null },
      child: { id: childId, workflowId: c.workflowId, versionId: version.id, input: input ?? {} },
    };
  },
  resume: (_node, ctx) => {
    const child = ctx.child;
    if (!child) return { type: "still_waiting" };
    if (child.status === "succeeded") return { type: "succeeded", output: child.output, handle: "out" };
    if (["failed", "cancelled", "compensated", "compensation_failed"].includes(child.status)) {
      const msg = (child.error as { message?: unknown } | null)?.message;
      return {
        type: "failed",
        error: new NonRetriableError(
          `Sub-workflow run ${child.id} ended ${child.status}${typeof msg === "string" ? `: ${msg}` : ""}`,
          `subworkflow_${child.status}`,
        ),
      };
    }
    return { type: "still_waiting" };
  },
};
