// The agent step's output (Step.output, shown on the run page) and its escalation reasons.
// `tool_approval_required` is historical: tools that require approval now park the step on an inbox
// task and continue with the decision (tool-approval.ts); older runs may still carry it.
export const ESCALATION_REASONS = ["low_confidence", "tool_round_limit", "budget_exceeded", "tool_approval_required"] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export interface AgentToolCallRecord {
  id: string;
  /** 1-based tool round. */
  round: number;
  name: string;
  arguments: unknown;
  ok: boolean;
  result?: unknown;
  error?: string;
  latencyMs: number;
  /** Workflow tools: the child run that computed the result. */
  childRunId?: string;
  /** Tools that require approval: who decided, and the model's own arguments when they were edited. */
  approval?: ToolApproval & { proposedArguments?: unknown };
}

/** A reviewer's decision on a proposed tool call. */
export interface ToolApproval {
  decision: "approved" | "rejected" | "timed_out" | "cancelled";
  taskId: string;
  comment: string;
  decidedBy: string[];
  /** Set when the reviewer changed the arguments: what the tool was called with. */
  editedArguments?: Record<string, unknown>;
}

export interface ProposedToolCall {
  name: string;
  arguments: unknown;
  /** What the model said alongside the call (its reason), if anything. */
  reason: string | null;
}

export interface AgentOutput {
  /** The answer (text or the structured object); for an escalation, the agent's proposal (may be null). */
  answer: unknown;
  rationale: string;
  /** 0..1; null when the agent never produced a final answer (limits, budget, approval). */
  confidence: number | null;
  toolCalls: AgentToolCallRecord[];
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  model: string;
  providerId: string;
  modelCalls: number;
  escalated?: { reason: EscalationReason; detail: string; proposedToolCalls?: ProposedToolCall[] };
}
