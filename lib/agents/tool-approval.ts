// Tools marked "requires approval": the agent's proposed call (tool, arguments, the agent's reason)
// parks the step on an inbox task (the engine's ParkRequest, task stepKey `${stepKey}~tool-<seq>`).
// The reviewer approves, edits the arguments (the task's editable schema is the tool's argument
// schema), or rejects with a message. When the task is decided the engine executes the step again
// with the same attempt: the agent loop replays its persisted sub-steps (no model or tool call is
// made twice), arrives at this call again, and finds the decision in ctx.tasks:
//   approved → the tool runs with the (possibly edited) arguments;
//   rejected → the reviewer's message is the tool result the model sees;
// either way the outcome is persisted as the call's sub-step and the loop continues.
// A call whose arguments are invalid is not put to a reviewer: the model gets the error as usual.
// Workflow tools: approval first, then the child run (runTool parks again on the child).
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import type { ExecutorContext, TaskSpec } from "@/lib/engine/ports";
import { singleDecisionTask } from "@/lib/engine/task-spec";
import type { ApprovalOutput } from "@/lib/engine/executors/approval";
import type { SqlSubStepExtra } from "@/lib/db/sub-step-store";
import { hashJson } from "@/lib/security/hash";
import { argumentsSchema, checkArguments, runTool, type AgentTool, type ToolEnv, type ToolOutcome } from "@/lib/agents/agent-tools";
import type { ToolCall } from "@/lib/agents/model-client";
import { ParkStep } from "@/lib/agents/park-step";

/** Who decides proposed tool calls (admins may decide any task). */
export const TOOL_APPROVER_ROLE = "reviewer";

export const approvalKey = (seq: number) => `tool-${seq}`;

export interface ApprovalInfo {
  node: WorkflowNodeOf<"agent">;
  ctx: ExecutorContext;
  /** 1-based tool round of this call. */
  round: number;
  /** What the model said alongside the call. */
  reason: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function toolApprovalTask(tool: AgentTool, args: Record<string, unknown>, info: ApprovalInfo): TaskSpec {
  const reason = info.reason?.trim() ?? "";
  const where =
    tool.type === "http"
      ? ` (${tool.method} ${tool.url})`
      : tool.type === "workflow"
        ? ` (runs workflow ${tool.workflowId} as a child run)`
        : tool.type === "mcp"
          ? ` (MCP tool ${tool.mcpTool} on server ${tool.serverId})`
          : "";
  return singleDecisionTask({
    type: "tool_approval",
    title: `${info.node.name}: approve ${tool.name}`,
    instructions: [
      `The agent **${info.node.name}** wants to call the tool **${tool.name}**${where}.`,
      tool.description ? `Tool: ${tool.description}` : "",
      "Approve to run it, edit the arguments and approve, or reject with a message: the message is returned to the agent as the tool's result and the agent continues.",
    ]
      .filter(Boolean)
      .join("\n\n"),
    payload: { tool: tool.name, arguments: args, reason },
    editableSchema: {
      type: "object",
      properties: { arguments: { title: "Arguments", description: `What ${tool.name} is called with (JSON).`, ...argumentsSchema(tool) } },
    },
    // the reason is in the payload (shown with the proposal); not repeated as an "agent rationale"
    context: { agent: info.node.name, round: info.round },
    role: TOOL_APPROVER_ROLE,
  });
}

/**
 * The call at sub-step `seq` of a tool that requires approval: park until its task is decided, then
 * run it (approved) or answer with the reviewer's message (rejected, timed out, cancelled).
 */
export async function approvedCall(
  tool: AgentTool,
  tc: ToolCall,
  seq: number,
  info: ApprovalInfo,
  env: ToolEnv,
): Promise<{ outcome: ToolOutcome; extra?: SqlSubStepExtra }> {
  const checked = checkArguments(tool, tc);
  if (!checked.ok) return runTool(tool, tc, env);
  const key = approvalKey(seq);
  const taskStepKey = `${info.ctx.stepKey}~${key}`;
  const task = (info.ctx.tasks ?? []).find((t) => t.stepKey === taskStepKey);
  if (!task || task.status === "open") throw new ParkStep({ key, task: toolApprovalTask(tool, checked.args, info) });

  const result = (isRecord(task.result) ? task.result : {}) as Partial<ApprovalOutput>;
  const comment = typeof result.comment === "string" ? result.comment : "";
  const decidedBy = Array.isArray(result.decidedBy) ? result.decidedBy.map(String) : [];
  if (task.status !== "approved") {
    const message =
      task.status === "rejected"
        ? comment || "Rejected without a message."
        : task.status === "timed_out"
          ? "Nobody approved this call in time."
          : "The approval was cancelled.";
    return {
      outcome: {
        ok: false,
        error: `A reviewer did not allow this call: ${message}`,
        result: { rejected: true, message },
        latencyMs: 0,
        approval: { decision: task.status, taskId: task.id, comment, decidedBy },
      },
    };
  }
  const payload = isRecord(result.payload) ? result.payload : {};
  const args = isRecord(payload.arguments) ? payload.arguments : checked.args;
  const edited = hashJson(args) !== hashJson(checked.args);
  const out = await runTool(tool, edited ? { ...tc, arguments: JSON.stringify(args) } : tc, env);
  return {
    ...out,
    outcome: {
      ...out.outcome,
      approval: { decision: "approved", taskId: task.id, comment, decidedBy, ...(edited ? { editedArguments: args } : {}) },
    },
  };
}
