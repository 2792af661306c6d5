// The tools an agent node declares: how they are described to the model and how a call runs.
// Every call's outcome is returned to the model as the tool result — including failures (bad
// arguments, HTTP 4xx/5xx, network errors, unknown tools) so the agent can recover — except
// configuration errors (address refused by the SSRF policy, a credential this run may not use, a
// workflow tool without a published version), which fail the step. Workflow tools run a child run
// (workflow-tool.ts), MCP tools call a tool on an MCP server (mcp-tool.ts). HTTP tools go through the worker's safeFetch (ctx.fetch) and credentials;
// results are redacted of credential secrets before they are stored or shown to the model.
import { withDisclosure } from "@/lib/engine/disclosure";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import type { ExpressionScope } from "@/lib/model/scope";
import { renderTemplate } from "@/lib/model/expressions";
import { ExpressionError } from "@/lib/model/expression-error";
import { validateJsonSchema } from "@/lib/engine/json-schema";
import { NonRetriableError } from "@/lib/engine/errors";
import { ENGINE_EXPRESSION_LIMITS } from "@/lib/engine/executors/expression-limits";
import type { AgentPrepared } from "@/lib/engine/executors/agent-runtime";
import type { ExecutorContext } from "@/lib/engine/ports";
import type { SqlSubStepExtra } from "@/lib/db/sub-step-store";
import type { SqlDb } from "@/lib/db/sql";
import { SafeFetchError } from "@/lib/security/safe-fetch";
import { redactSecrets } from "@/lib/security/secrets";
import { resolveCredentialForRole, userRole } from "@/lib/credentials/credential-resolver";
import { MAX_FACT_VALUE, factKeySchema } from "@/lib/memory/memory-schemas";
import { loadMemory, upsertFact } from "@/lib/memory/agent-memory";
import type { ToolCall, ToolSpec } from "@/lib/agents/model-client";
import type { ToolApproval } from "@/lib/agents/agent-types";
import { withLinkedSignal } from "@/lib/agents/linked-signal";
import { workflowTool } from "@/lib/agents/workflow-tool";
import { mcpTool } from "@/lib/agents/mcp-tool";
import type { McpClientPool } from "@/lib/agents/mcp-client-pool";
import { describeRefusal, parseJsonSafely } from "@/lib/model/safe-json";

/** Tool arguments and tool responses deeper than this are refused (the model sees why). */
const MAX_TOOL_JSON_DEPTH = 256;

export type AgentTool = WorkflowNodeOf<"agent">["config"]["tools"][number];

const MAX_TOOL_RESPONSE_BYTES = 256 * 1024;
const TOOL_TIMEOUT_MS = 30_000;

const REMEMBER_PARAMS = {
  type: "object",
  properties: {
    key: { type: "string", description: "Short name of the fact, e.g. preferred_channel." },
    value: { type: "string", description: "The fact to remember." },
  },
  required: ["key", "value"],
  additionalProperties: false,
};
const RECALL_PARAMS = {
  type: "object",
  properties: { key: { type: "string", description: "Exact key to read; omit to list every stored fact." } },
  additionalProperties: false,
};

export function toolSpecs(tools: readonly AgentTool[]): ToolSpec[] {
  return tools.map((t) => ({
    name: t.name,
    description:
      t.description ||
      (t.type === "remember"
        ? "Store a fact about the current subject for later runs."
        : t.type === "recall"
          ? "Read stored facts about the current subject."
          : t.type === "workflow"
            ? `Runs a workflow with the arguments as its input and returns its output.`
            : t.type === "mcp"
              ? `The MCP tool ${t.mcpTool ?? t.name}.`
              : t.name),
    parameters: argumentsSchema(t),
  }));
}

/** What a tool call produced: stored as the sub-step result and sent to the model as the tool message. */
export interface ToolOutcome {
  ok: boolean;
  result?: unknown;
  error?: string;
  latencyMs: number;
  /** For tools that require approval: the reviewer's decision (see tool-approval.ts). */
  approval?: ToolApproval;
  /** Workflow tools: the child run that computed the result. */
  childRunId?: string;
}

export interface ToolEnv {
  db: SqlDb;
  ctx: ExecutorContext;
  prepared: AgentPrepared;
  /** The call's sub-step position (workflow tools key their child run by it). */
  seq: number;
  /** Stable per call: sent as Idempotency-Key. */
  idempotencyKey: string;
  now: number;
  retentionDays: () => Promise<number | null>;
  /** The worker's connected MCP clients (MCP tools). */
  mcp: McpClientPool;
}

export function parseArguments(tc: ToolCall): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  let args: unknown;
  if (tc.arguments.trim()) {
    const r = parseJsonSafely(tc.arguments, { maxDepth: MAX_TOOL_JSON_DEPTH });
    if (!r.ok)
      return {
        ok: false,
        error: r.refusal.kind === "syntax" ? "arguments are not valid JSON" : `arguments refused: ${describeRefusal(r.refusal)}`,
      };
    args = r.value;
  } else args = {};
  if (typeof args !== "object" || args === null || Array.isArray(args)) return { ok: false, error: "arguments must be a JSON object" };
  return { ok: true, args: args as Record<string, unknown> };
}

const fail = (error: string, t0: number): { outcome: ToolOutcome } => ({ outcome: { ok: false, error, latencyMs: Date.now() - t0 } });

/** The JSON Schema a tool's arguments must match. */
export function argumentsSchema(tool: AgentTool): Record<string, unknown> {
  return tool.type === "remember"
    ? REMEMBER_PARAMS
    : tool.type === "recall"
      ? RECALL_PARAMS
      : ((tool.argsSchema as Record<string, unknown> | undefined) ?? { type: "object", properties: {} });
}

/** Parse and validate a call's arguments against the tool's schema. */
export function checkArguments(tool: AgentTool, tc: ToolCall): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  const parsed = parseArguments(tc);
  if (!parsed.ok) return parsed;
  const problems = validateJsonSchema(parsed.args, argumentsSchema(tool)).map((p) => `${p.path}: ${p.message}`);
  return problems.length ? { ok: false, error: `invalid arguments: ${problems.join("; ")}` } : parsed;
}

/** Run one tool call. Returns the outcome and, for memory writes, the writes to commit with it. */
export async function runTool(
  tool: AgentTool | undefined,
  tc: ToolCall,
  env: ToolEnv,
): Promise<{ outcome: ToolOutcome; extra?: SqlSubStepExtra }> {
  const t0 = Date.now();
  if (!tool) return fail(`unknown tool "${tc.name}"`, t0);
  const checked = checkArguments(tool, tc);
  if (!checked.ok) return fail(checked.error, t0);
  const args = checked.args;
  switch (tool.type) {
    case "remember":
      return remember(args, env, t0);
    case "recall":
      return recall(args, env, t0);
    case "http":
      return { outcome: await httpTool(tool, args, env, t0) };
    case "workflow":
      return { outcome: await workflowTool(tool, args, env, t0) };
    case "mcp":
      return { outcome: await mcpTool(tool, args, env, t0) };
  }
}

function memoryOff(t0: number) {
  return fail("memory is off for this agent (no subject): enable memory on the node", t0);
}

async function remember(
  args: Record<string, unknown>,
  env: ToolEnv,
  t0: number,
): Promise<{ outcome: ToolOutcome; extra?: SqlSubStepExtra }> {
  const subjectKey = env.prepared.subjectKey;
  if (!subjectKey) return memoryOff(t0);
  const key = factKeySchema.safeParse(args.key);
  if (!key.success) return fail("key must be 1-200 characters", t0);
  const value = String(args.value).slice(0, MAX_FACT_VALUE);
  const days = await env.retentionDays();
  const where = { workflowId: env.prepared.workflowId, subjectKey, runId: env.ctx.runId, now: env.now, retentionDays: days };
  return {
    outcome: { ok: true, result: { remembered: key.data }, latencyMs: Date.now() - t0 },
    extra: { also: (q) => upsertFact(q, env.db.dialect, where, key.data, value) },
  };
}

async function recall(args: Record<string, unknown>, env: ToolEnv, t0: number): Promise<{ outcome: ToolOutcome }> {
  const subjectKey = env.prepared.subjectKey;
  if (!subjectKey) return memoryOff(t0);
  const mem = await loadMemory(env.db, env.prepared.workflowId, subjectKey, 0, env.now);
  const key = typeof args.key === "string" ? args.key : undefined;
  const facts = mem.facts.filter((f) => key === undefined || f.key === key).map((f) => ({ key: f.key, value: f.value }));
  return { outcome: { ok: true, result: { facts }, latencyMs: Date.now() - t0 } };
}

async function httpTool(tool: AgentTool, args: Record<string, unknown>, env: ToolEnv, t0: number): Promise<ToolOutcome> {
  const { ctx } = env;
  let url: string;
  try {
    url = await renderTemplate(
      tool.url,
      { ...(ctx.scope as unknown as ExpressionScope), args } as ExpressionScope,
      ENGINE_EXPRESSION_LIMITS,
    );
  } catch (e) {
    if (e instanceof ExpressionError) return fail(`URL template failed: ${e.message}`, t0).outcome;
    throw e;
  }
  const headers: Record<string, string> = withDisclosure(
    { accept: "application/json", "Idempotency-Key": env.idempotencyKey },
    ctx.disclosure,
  );
  let secrets: string[] = [];
  if (tool.credentialId) {
    const cred = await resolveCredentialForRole(env.db, tool.credentialId, await userRole(env.db, env.prepared.initiatorId));
    Object.assign(headers, cred.headers);
    secrets = cred.secrets;
  }
  const hasBody = tool.method !== "GET" && tool.method !== "DELETE";
  if (hasBody) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await withLinkedSignal(ctx.signal, (signal) =>
      ctx.fetch(url, {
        method: tool.method,
        headers,
        body: hasBody ? JSON.stringify(args) : undefined,
        timeoutMs: TOOL_TIMEOUT_MS,
        maxResponseBytes: MAX_TOOL_RESPONSE_BYTES,
        signal,
      }),
    );
  } catch (e) {
    if (e instanceof SafeFetchError && (e.code === "blocked_address" || e.code === "bad_url")) {
      throw new NonRetriableError(redactSecrets(`Tool "${tool.name}" refused: ${e.message}`, secrets), `tool_${e.code}`);
    }
    if (ctx.signal.aborted) throw e;
    return { ok: false, error: redactSecrets(`request failed: ${(e as Error).message}`, secrets), latencyMs: Date.now() - t0 };
  }
  const text = await res.text();
  let body: unknown = text;
  if (!text) body = null;
  else {
    const r = parseJsonSafely(text, { maxDepth: MAX_TOOL_JSON_DEPTH });
    if (r.ok) body = r.value;
    else if (r.refusal.kind !== "syntax") {
      return { ok: false, error: `response refused: ${describeRefusal(r.refusal)}`, latencyMs: Date.now() - t0 };
    }
  }
  const result = redactSecrets({ status: res.status, body }, secrets);
  if (res.status >= 400) return { ok: false, result, error: `HTTP ${res.status}`, latencyMs: Date.now() - t0 };
  return { ok: true, result, latencyMs: Date.now() - t0 };
}

/** The tool message content the model sees. */
export function toolMessage(outcome: ToolOutcome): string {
  const edited = outcome.approval?.editedArguments;
  if (edited) {
    // the model proposed other arguments: tell it what was actually sent
    return JSON.stringify({
      note: "A reviewer edited the arguments before the call was made.",
      arguments: edited,
      ...(outcome.ok
        ? { result: outcome.result ?? null }
        : { error: outcome.error, ...(outcome.result !== undefined ? { result: outcome.result } : {}) }),
    });
  }
  return JSON.stringify(
    outcome.ok ? (outcome.result ?? null) : { error: outcome.error, ...(outcome.result !== undefined ? { result: outcome.result } : {}) },
  );
}
