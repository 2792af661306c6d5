import { evaluateExpression, renderTemplate } from "@/lib/model/expressions";
import { ENGINE_EXPRESSION_LIMITS } from "./expression-limits";
import { oversightContext } from "./oversight-context";
import type { Executor } from "./types";

const ESCALATION_RECHECK_MS = 1000;

/** The approval step's output, also stored as Task.result by the deciding transaction. */
export interface ApprovalOutput {
  decision: "approved" | "rejected" | "timeout";
  payload: unknown;
  comment: string;
  decidedBy: string[];
}

/**
 * Approval: opens a Task (assignees, rendered instructions, evaluated payload, quorum...) and parks
 * with wakeAtMs = dueAtMs. It resumes when decideTask resolved the task (approved / rejected), or
 * when the due time passed with the task still open (timeout).
 *
 * Escalation: `config.escalation` is stored on the task (Task.escalation, escalationLevel 0). When
 * dueAtMs passes with escalation steps left, the inbox sweep (lib/inbox, run by the worker before each
 * claim) reassigns the task and moves dueAtMs/wakeAtMs; only when the chain is exhausted does the
 * approval route down `timeout`.
 */
export const approvalExecutor: Executor<"approval"> = {
  kind: "approval",
  effect: false,
  start: async (node, ctx) => {
    const c = node.config;
    const instructions = await renderTemplate(c.instructions, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    const payload = await evaluateExpression(c.payload, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    const dueAtMs = c.dueInMs ? ctx.now + c.dueInMs : null;
    return {
      type: "wait",
      wakeAtMs: dueAtMs,
      reason: "approval",
      input: payload,
      task: {
        type: "approval",
        title: node.name,
        instructions,
        payload,
        editableSchema: c.editableSchema ?? {},
        // the agents behind this approval: confidence (the inbox badge and filter), rationale, answers
        context: oversightContext(ctx.takenSources),
        quorum: c.quorum,
        rejectionPolicy: c.rejectionPolicy,
        separationOfDuties: c.separationOfDuties,
        dueAtMs,
        escalation: c.escalation,
        escalationLevel: 0,
        assignees: [
          ...c.assignees.users.map((value) => ({ type: "user" as const, value })),
          ...c.assignees.roles.map((value) => ({ type: "role" as const, value })),
        ],
      },
    };
  },
  resume: (_node, ctx) => {
    const task = ctx.task;
    if (!task) return { type: "still_waiting" };
    if (task.status === "approved" || task.status === "rejected") {
      const output = task.result as ApprovalOutput;
      return { type: "succeeded", output, handle: task.status };
    }
    const due = task.status === "open" && task.dueAtMs !== null && task.dueAtMs <= ctx.now;
    const chain = Array.isArray(task.escalation) ? task.escalation.length : 0;
    if (due && task.escalationLevel < chain) {
      // an escalation step is due: the inbox sweep applies it; look again shortly if it has not yet
      return { type: "still_waiting", wakeAtMs: ctx.now + ESCALATION_RECHECK_MS };
    }
    const timedOut = task.status === "timed_out" || due;
    if (timedOut) {
      const output: ApprovalOutput = { decision: "timeout", payload: task.payload, comment: "", decidedBy: [] };
      return { type: "succeeded", output, handle: "timeout", closeTask: task.status === "open" ? "timed_out" : undefined };
    }
    // keep the (possibly escalated) due time as the wake-up, so a recheck never loses it
    return task.status === "open" && task.dueAtMs !== null ? { type: "still_waiting", wakeAtMs: task.dueAtMs } : { type: "still_waiting" };
  },
};
