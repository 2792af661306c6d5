// Agent tools of type "mcp": a tool on an MCP server from Settings, called with the SDK client over
// the worker's SSRF-safe fetch (HTTP transports) with the server's credential (role-checked against
// the run's initiator, like HTTP tools): headers, or OAuth client credentials (mcp-oauth.ts). The call is one sub-step like every tool call, so a
// completed call is never made again. A call interrupted mid-flight (the worker died between
// sending it and persisting its result) follows the rule of non-idempotent HTTP nodes unless the
// tool is marked idempotent: before sending, a McpCallStart row is written; a re-execution that finds
// the row (and no sub-step) parks on a `recovery` task for an admin — approve sends it again (once:
// interrupted again fails the step), reject fails the step. Idempotent tools are simply sent again.
// The tool's result is its structured content, else its text (parsed when it is JSON); a result
// with isError, a timeout, or an unreachable server is an error result the model sees.
import "server-only";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { NonRetriableError } from "@/lib/engine/errors";
import { singleDecisionTask } from "@/lib/engine/task-spec";
import { countMcpCallResend, markMcpCallStart, selectMcpServer } from "@/lib/db/mcp-server-store";
import { resolveMcpAuth, userRole } from "@/lib/credentials/credential-resolver";
import type { McpAuth } from "@/lib/mcp/mcp-oauth";
import { SafeFetchError } from "@/lib/security/safe-fetch";
import { redactSecrets } from "@/lib/security/secrets";
import type { PublicMcpServer } from "@/lib/mcp/mcp-schemas";
import type { AgentTool, ToolEnv, ToolOutcome } from "@/lib/agents/agent-tools";
import { ParkStep } from "@/lib/agents/park-step";
import { withLinkedSignal } from "@/lib/agents/linked-signal";
import { parseJsonSafely } from "@/lib/model/safe-json";

export const mcpRecoveryKey = (seq: number) => `mcp-recover-${seq}`;

function refusal(e: unknown): SafeFetchError | null {
  for (let x: unknown = e, i = 0; x && i < 5; x = (x as { cause?: unknown }).cause, i++) {
    if (x instanceof SafeFetchError && (x.code === "blocked_address" || x.code === "bad_url")) return x;
  }
  return null;
}

/** Settings' server for the tool; a deleted server fails the step (configuration, not the model's fault). */
async function loadServer(tool: AgentTool, env: ToolEnv): Promise<PublicMcpServer> {
  const server = await selectMcpServer(env.db, tool.serverId ?? "");
  if (!server) {
    throw new NonRetriableError(`Tool "${tool.name}": MCP server ${tool.serverId} does not exist (deleted?)`, "mcp_server_missing");
  }
  return server;
}

/** Before sending a non-idempotent call: was it sent before (and interrupted)? Parks or fails when so. */
async function guardInterrupted(tool: AgentTool, server: PublicMcpServer, args: Record<string, unknown>, env: ToolEnv): Promise<void> {
  const { ctx } = env;
  const key = { runId: ctx.runId, stepKey: ctx.stepKey, seq: env.seq };
  const mark = await markMcpCallStart(env.db, key, Date.now());
  if (mark.first) return;
  const taskKey = mcpRecoveryKey(env.seq);
  const task = (ctx.tasks ?? []).find((t) => t.stepKey === `${ctx.stepKey}~${taskKey}`);
  if (!task || task.status === "open") {
    throw new ParkStep({
      key: taskKey,
      task: singleDecisionTask({
        type: "recovery",
        title: `Recover MCP call "${tool.name}"`,
        instructions:
          `The worker calling the MCP tool **${tool.mcpTool}** on **${server.name}** stopped before the result was stored. ` +
          "The tool is not marked idempotent, so it was not sent again automatically. Check whether the call took effect on " +
          "the server, then approve to send it again or reject to fail the step.",
        payload: { server: server.name, tool: tool.mcpTool, arguments: args, stepKey: ctx.stepKey, seq: env.seq },
        editableSchema: {},
        context: { reason: "interrupted" },
        role: "admin",
      }),
    });
  }
  if (task.status !== "approved") {
    throw new NonRetriableError(`The interrupted MCP call "${tool.name}" was not sent again: recovery task ${task.status}`, "interrupted");
  }
  if (mark.deliveries >= 2) {
    throw new NonRetriableError(`The MCP call "${tool.name}" was interrupted again after a recovery review`, "interrupted");
  }
  await countMcpCallResend(env.db, key, Date.now());
}

type Content = { type: string; text?: string }[];

/** What the model sees of a tool result: structured content, else the text (JSON parsed), else the content list. */
function resultValue(r: { content?: unknown; structuredContent?: unknown; toolResult?: unknown }): unknown {
  if (r.toolResult !== undefined) return r.toolResult;
  if (r.structuredContent !== undefined) return r.structuredContent;
  const content = (Array.isArray(r.content) ? r.content : []) as Content;
  if (content.length && content.every((c) => c.type === "text" && typeof c.text === "string")) {
    const text = content.map((c) => c.text).join("\n");
    const parsed = parseJsonSafely(text, { maxDepth: 256 });
    return parsed.ok ? parsed.value : text;
  }
  return content;
}

export async function mcpTool(tool: AgentTool, args: Record<string, unknown>, env: ToolEnv, t0: number): Promise<ToolOutcome> {
  const { ctx } = env;
  const server = await loadServer(tool, env);
  const auth: McpAuth = server.credentialId
    ? await resolveMcpAuth(env.db, server.credentialId, await userRole(env.db, env.prepared.initiatorId))
    : { headers: {}, secrets: [] };
  const { secrets } = auth;
  if (!tool.idempotent) await guardInterrupted(tool, server, args, env);
  const failed = (error: string): ToolOutcome => ({ ok: false, error: redactSecrets(error, secrets), latencyMs: Date.now() - t0 });
  try {
    const result = await withLinkedSignal(ctx.signal, async (signal) => {
      const client = await env.mcp.get(server, auth, ctx.fetch);
      return client.callTool({ name: tool.mcpTool ?? "", arguments: args }, undefined, { signal, timeout: env.mcp.callTimeoutMs });
    });
    const value = redactSecrets(resultValue(result as { content?: unknown; structuredContent?: unknown }), secrets);
    if (result.isError) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return {
        ok: false,
        error: redactSecrets(`the MCP tool failed: ${text.slice(0, 2000)}`, secrets),
        result: value,
        latencyMs: Date.now() - t0,
      };
    }
    return { ok: true, result: value, latencyMs: Date.now() - t0 };
  } catch (e) {
    const refused = refusal(e);
    if (refused)
      throw new NonRetriableError(redactSecrets(`Tool "${tool.name}" refused: ${refused.message}`, secrets), `tool_${refused.code}`);
    if (e instanceof NonRetriableError) throw e;
    if (ctx.signal.aborted) throw e;
    // a protocol error (unknown tool, invalid params, timeout) keeps the connection; anything else drops it
    if (!(e instanceof McpError)) env.mcp.drop(server, auth);
    return failed(`MCP call failed: ${(e as Error).message}`);
  }
}
