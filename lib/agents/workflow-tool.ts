// Agent tools of type "workflow": a published workflow run as a child run. The first time the loop
// reaches the call, the step parks on a child run (the engine's ParkRequest.child, parentStepKey
// `${stepKey}~wf-<seq>`) whose input is the call's arguments. When the child ends the engine executes
// the step again with the same attempt; the loop replays its persisted sub-steps (no model or tool
// call is repeated), arrives here again and finds the child in ctx.children:
//   succeeded → its output is the tool result;
//   failed / cancelled / compensated → an error result with the child's message (the agent may recover).
// Arguments that do not match the called version's start input schema are an error result (no child).
// Configuration problems (no pinned version, the version is gone) fail the step like the Sub-workflow node.
import { NonRetriableError } from "@/lib/engine/errors";
import { validateJsonSchema } from "@/lib/engine/json-schema";
import type { ChildRunSummary } from "@/lib/engine/ports";
import type { AgentTool, ToolEnv, ToolOutcome } from "@/lib/agents/agent-tools";
import { ParkStep } from "@/lib/agents/park-step";

export const childKey = (seq: number) => `wf-${seq}`;

function childMessage(child: ChildRunSummary): string {
  const msg = (child.error as { message?: unknown } | null)?.message;
  return `The workflow run ${child.id} ended ${child.status}${typeof msg === "string" && msg ? `: ${msg}` : ""}`;
}

export async function workflowTool(tool: AgentTool, args: Record<string, unknown>, env: ToolEnv, t0: number): Promise<ToolOutcome> {
  const { ctx } = env;
  const key = childKey(env.seq);
  const child = ctx.children.find((c) => c.parentStepKey === `${ctx.stepKey}~${key}`);
  if (child) {
    const latencyMs = Date.now() - t0;
    if (child.status === "succeeded") return { ok: true, result: child.output ?? null, latencyMs, childRunId: child.id };
    return { ok: false, error: childMessage(child), latencyMs, childRunId: child.id };
  }
  const workflowId = tool.workflowId ?? "";
  const version = tool.version ?? "";
  if (!workflowId) throw new NonRetriableError(`Tool "${tool.name}" does not name a workflow to call`, "subworkflow_unset");
  if (!version) {
    throw new NonRetriableError(
      `Tool "${tool.name}" has no pinned version: publish the workflow again to pin the called workflow's version`,
      "subworkflow_unpinned",
    );
  }
  const wanted = version === "latest" ? "latest" : Number(version);
  const found = ctx.resolveVersion ? await ctx.resolveVersion(workflowId, wanted) : null;
  if (!found) {
    throw new NonRetriableError(
      `Tool "${tool.name}": workflow ${workflowId} has no published ${wanted === "latest" ? "version" : `version ${wanted}`} to run`,
      "subworkflow_version_missing",
    );
  }
  // Child runs are not validated like API starts: check the called version's start input here, so a
  // mismatch is a tool error the model can correct instead of a failed child.
  const problems = validateJsonSchema(args, startInputSchema(found.graph)).map((p) => `${p.path}: ${p.message}`);
  if (problems.length) {
    return {
      ok: false,
      error: `the arguments do not match the workflow's input: ${problems.slice(0, 10).join("; ")}`,
      latencyMs: Date.now() - t0,
    };
  }
  throw new ParkStep({ key, child: { workflowId, versionId: found.id, input: args } });
}

function startInputSchema(graphJson: string): Record<string, unknown> {
  try {
    const g = JSON.parse(graphJson) as { nodes?: { kind?: string; config?: { inputSchema?: unknown } }[] };
    const schema = g.nodes?.find((n) => n.kind === "start")?.config?.inputSchema;
    if (typeof schema === "object" && schema !== null && !Array.isArray(schema)) return schema as Record<string, unknown>;
  } catch {
    // an unreadable graph fails when the child starts
  }
  return { type: "object" };
}
