// How the agent executor reaches its services (model providers, memory, sub-step store) without the
// engine importing a database or a model SDK: the worker's host runs the Worker inside an
// AgentRuntime scope (AsyncLocalStorage), and every cycle the worker starts inherits it:
//
//   await withAgentRuntime(createAgentRuntime({ db }), () => worker.start());   // lib/agents/agent-runtime.ts
//
// Scoped per worker, so tests can run several workers on different databases in one process.
// A worker started outside any scope fails agent steps with a clear, non-retryable error.
import { AsyncLocalStorage } from "node:async_hooks";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import type { ExecutorContext, ExecutorResult } from "../ports";

/** What `prepare` stores as the agent step's input (rendered messages, no secrets). */
export interface AgentPrepared {
  workflowId: string;
  versionId: string;
  initiatorId: string | null;
  system: string;
  user: string;
  /** Memory subject (stringified), null when memory is off. */
  subjectKey: string | null;
}

export interface AgentRuntime {
  run(node: WorkflowNodeOf<"agent">, prepared: AgentPrepared, ctx: ExecutorContext): Promise<ExecutorResult>;
}

const scope = new AsyncLocalStorage<AgentRuntime>();

export function withAgentRuntime<T>(runtime: AgentRuntime, fn: () => T): T {
  return scope.run(runtime, fn);
}

export function currentAgentRuntime(): AgentRuntime | undefined {
  return scope.getStore();
}
