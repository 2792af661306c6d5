import { z } from "zod";
import { evaluateExpression, renderTemplate } from "@/lib/model/expressions";
import { NonRetriableError } from "../errors";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import { currentAgentRuntime, type AgentPrepared } from "./agent-runtime";
import type { Executor } from "./types";

const MAX_SUBJECT_LENGTH = 200;

const preparedSchema = z.object({
  workflowId: z.string(),
  versionId: z.string(),
  initiatorId: z.string().nullable(),
  system: z.string(),
  user: z.string(),
  subjectKey: z.string().nullable(),
});

/**
 * Agent: `prepare` renders the instructions, the user message and the memory subject from the run's
 * data (stored as the step input: what the agent was asked). `execute` runs the durable agent loop
 * (lib/agents/agent-loop.ts) through the worker's AgentRuntime: every model call and tool call is a
 * persisted sub-step (lib/engine/sub-steps.ts), so a re-execution resumes after the last completed
 * call. Output handles: `ok`, or `escalate` (low confidence, tool-round limit, budget, a tool that
 * needs approval) with the proposal and the reason.
 */
export const agentExecutor: Executor<"agent"> = {
  kind: "agent",
  effect: true,
  prepare: async (node, ctx): Promise<AgentPrepared> => {
    const c = node.config;
    const system = c.system.trim() ? await renderTemplate(c.system, ctx.scope, ENGINE_EXPRESSION_LIMITS) : "";
    const user = await renderTemplate(c.user, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    let subjectKey: string | null = null;
    if (c.memory.enabled) {
      const v = await evaluateExpression(c.memory.subjectExpression, ctx.scope, ENGINE_EXPRESSION_LIMITS);
      if (v === undefined || v === null || v === "") {
        throw new NonRetriableError(`Memory subject "${c.memory.subjectExpression}" has no value for this run`, "memory_subject_missing");
      }
      subjectKey = typeof v === "string" ? v : JSON.stringify(v);
      if (subjectKey.length > MAX_SUBJECT_LENGTH) {
        throw new NonRetriableError(`Memory subject is longer than ${MAX_SUBJECT_LENGTH} characters`, "memory_subject_too_long");
      }
    }
    return {
      workflowId: ctx.run.workflowId,
      versionId: ctx.run.versionId,
      initiatorId: ctx.run.initiatorId,
      system,
      user,
      subjectKey,
    };
  },
  execute: async (node, prepared, ctx) => {
    const runtime = currentAgentRuntime();
    if (!runtime) {
      throw new NonRetriableError(
        "Agent nodes are not available on this worker (it was started without an AgentRuntime; see lib/engine/executors/agent-runtime.ts)",
        "agent_unavailable",
      );
    }
    const parsed = preparedSchema.safeParse(prepared);
    if (!parsed.success) throw new NonRetriableError("Agent step input is malformed", "agent_input_invalid");
    return runtime.run(node, parsed.data, ctx);
  },
};
