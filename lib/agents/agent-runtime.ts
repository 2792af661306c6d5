// The worker-side services of agent nodes. The host that builds a Worker runs it inside this
// runtime's scope (see lib/engine/executors/agent-runtime.ts):
//
//   const agents = createAgentRuntime({ db: db.sql, env });
//   await withAgentRuntime(agents, () => worker.start());
import type { AgentRuntime } from "@/lib/engine/executors/agent-runtime";
import { SqlSubStepStore } from "@/lib/db/sub-step-store";
import type { SqlDb } from "@/lib/db/sql";
import { runAgentLoop, type AgentLoopDeps } from "@/lib/agents/agent-loop";
import type { EnvProviderConfig } from "@/lib/providers/env-provider";
import type { ModelClientFactory } from "@/lib/agents/model-client";
import { openAiModelClientFactory } from "@/lib/agents/openai-model-client";
import { liveTextPublisher } from "@/lib/agents/live-text-publisher";
import { McpClientPool } from "@/lib/agents/mcp-client-pool";

export interface AgentRuntimeOptions {
  db: SqlDb;
  /** OPENAI_API_KEY / OPENAI_BASE_URL (lazily create the environment provider). */
  env?: EnvProviderConfig;
  modelClients?: ModelClientFactory;
  afterSubStep?: AgentLoopDeps["afterSubStep"];
  /** Stream model answers to the run view (default true; see live-text-publisher.ts). */
  streaming?: boolean;
  /** SWITCHYARD_MCP_STDIO_COMMANDS: the commands MCP servers with the stdio transport may run. */
  mcpStdioCommands?: Record<string, string[]>;
  /** Per MCP tool call (default 30 s): a server that does not answer in time is an error result. */
  mcpCallTimeoutMs?: number;
}

export function createAgentRuntime(opts: AgentRuntimeOptions): AgentRuntime {
  const deps: AgentLoopDeps = {
    db: opts.db,
    store: new SqlSubStepStore(opts.db),
    modelClients: opts.modelClients ?? openAiModelClientFactory,
    env: opts.env ?? {},
    afterSubStep: opts.afterSubStep,
    liveText: opts.streaming === false ? undefined : liveTextPublisher(opts.db),
    mcp: new McpClientPool(opts.mcpStdioCommands, opts.mcpCallTimeoutMs),
  };
  return { run: (node, prepared, ctx) => runAgentLoop(deps, node, prepared, ctx) };
}

export { withAgentRuntime } from "@/lib/engine/executors/agent-runtime";
