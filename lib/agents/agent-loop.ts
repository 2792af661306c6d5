// The durable agent loop behind the `agent` node. Every model call, tool call, memory load and the
// final decision is a sub-step (lib/engine/sub-steps.ts, stored in ModelCall rows): a re-execution
// after a crash replays the completed ones from the database and continues with the first missing
// one, so no completed model or tool call is ever made twice.
//
//   memory:load → model → tool:* … → model → … → decision:ok | decision:escalate
//
// Circuit breaker (→ `escalate` with the proposal, rationale and reason, recorded as a run event
// and an audit record): confidence below the node's threshold, a request for more tool rounds
// than allowed, or a model call that would exceed the run budget. A tool marked "requires approval"
// parks the step on an inbox task, a workflow tool on a child run (tool-approval.ts, workflow-tool.ts).
// Model errors: retryable ones (429, 5xx, timeouts) fail the attempt and follow the node's retry
// policy (the next attempt replays what already completed); others fail the step with the
// provider's message. An answer that does not match the schema gets `repairAttempts` corrections.
import { personalDigest } from "@/lib/governance/subject-hash";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import { NonRetriableError, RetryableError, type FailureKind } from "@/lib/engine/errors";
import type { ExecutorContext, ExecutorResult } from "@/lib/engine/ports";
import type { AgentPrepared } from "@/lib/engine/executors/agent-runtime";
import { MAX_STEP_OUTPUT_BYTES } from "@/lib/engine/executors/expression-limits";
import { SubSteps, type SubStepOutcome, type SubStepStore } from "@/lib/engine/sub-steps";
import type { SqlSubStepExtra } from "@/lib/db/sub-step-store";
import type { SqlDb } from "@/lib/db/sql";
import { hashJson } from "@/lib/security/hash";
import { SecretError } from "@/lib/security/secrets";
import { budgetForVersion, checkBudget, estimateTokens, type BudgetExceeded } from "@/lib/agents/agent-budget";
import { withProviderSlot } from "@/lib/providers/provider-limits";
import { answerText, initialMessages } from "@/lib/agents/agent-messages";
import { parseFinal, repairMessage, responseFormatFor, type FinalAnswer } from "@/lib/agents/agent-output";
import { parseArguments, runTool, toolMessage, toolSpecs, type ToolOutcome } from "@/lib/agents/agent-tools";
import { approvedCall } from "@/lib/agents/tool-approval";
import { ParkStep } from "@/lib/agents/park-step";
import type { AgentOutput, AgentToolCallRecord, EscalationReason, ProposedToolCall } from "@/lib/agents/agent-types";
import { ensureEnvProvider, type EnvProviderConfig } from "@/lib/providers/env-provider";
import type { MemoryContext } from "@/lib/memory/memory-schemas";
import { loadMemory, retentionDays, saveTurn } from "@/lib/memory/agent-memory";
import type { ChatMessage, ChatResponse, ModelClient, ModelClientFactory, ToolCall, TokenUsage } from "@/lib/agents/model-client";
import { costUsd } from "@/lib/agents/pricing";
import type { ProviderSecretConfig } from "@/lib/providers/provider-schemas";
import { loadProviderSecret } from "@/lib/providers/provider-service";
import { withLinkedSignal } from "@/lib/agents/linked-signal";
import type { LiveTextSink } from "@/lib/agents/live-text-publisher";
import type { McpClientPool } from "@/lib/agents/mcp-client-pool";
import { expandMcpTools } from "@/lib/agents/mcp-tool-list";

export interface AgentLoopDeps {
  db: SqlDb;
  store: SubStepStore<SqlSubStepExtra>;
  modelClients: ModelClientFactory;
  env: EnvProviderConfig;
  /** Streams each model call's answer while it is written (never stored); absent: no streaming. */
  liveText?: LiveTextSink;
  /** The worker's connected MCP clients (MCP tools). */
  mcp: McpClientPool;
  /** Called after each NEW sub-step is persisted (tests use it to crash at an exact point). */
  afterSubStep?: (info: { runId: string; stepKey: string; seq: number; name: string }) => void;
}

type ModelCallResult =
  | {
      kind: "response";
      content: string | null;
      toolCalls: ToolCall[];
      finishReason: string;
      usage: TokenUsage;
      costUsd: number;
      latencyMs: number;
    }
  | { kind: "budget_exceeded"; exceeded: BudgetExceeded }
  /** A retryable failure handed on to the next fallback model. */
  | { kind: "failed"; message: string; code: string; failure: FailureKind; retryAfterMs: number | null };

interface Candidate {
  provider: ProviderSecretConfig;
  model: string;
  client: ModelClient;
}

type Node = WorkflowNodeOf<"agent">;

const MAX_RECORD_RESULT_CHARS = 4000;
const AUDIT_TEXT_CHARS = 2000;

function clip(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text.length <= MAX_RECORD_RESULT_CHARS ? value : `${text.slice(0, MAX_RECORD_RESULT_CHARS)}… (truncated)`;
}

async function loadProvider(db: SqlDb, id: string | null): Promise<ProviderSecretConfig> {
  let provider: ProviderSecretConfig | null;
  try {
    provider = await loadProviderSecret(db, id);
  } catch (e) {
    if (e instanceof SecretError) {
      throw new NonRetriableError(
        `The model provider's API key cannot be decrypted (${e.code}): check SWITCHYARD_SECRET_KEY or enter the key again in Settings`,
        "provider_key_unreadable",
      );
    }
    throw e;
  }
  if (!provider) {
    throw new NonRetriableError(
      id
        ? `Model provider ${id} does not exist (deleted?): pick another one on the node`
        : "No model provider is configured: add one in Settings",
      "provider_missing",
    );
  }
  return provider;
}

export async function runAgentLoop(
  deps: AgentLoopDeps,
  node: Node,
  prepared: AgentPrepared,
  ctx: ExecutorContext,
): Promise<ExecutorResult> {
  const subs = await SubSteps.open(deps.store, ctx.runId, ctx.stepKey, {
    fresh: ctx.firstExecution === true,
    onSaved: ({ seq, name }) => deps.afterSubStep?.({ runId: ctx.runId, stepKey: ctx.stepKey, seq, name }),
  });
  const step = <T>(name: string, fn: (seq: number) => Promise<SubStepOutcome<T, SqlSubStepExtra>>): Promise<T> => subs.run(name, fn);
  try {
    const result = await runRounds(deps, node, prepared, ctx, subs, step);
    await subs.flush(); // nothing is held by then (the decision took it); kept for any later path
    return result;
  } catch (e) {
    // a held model answer is still written (its call and cost are recorded) when the step ends otherwise
    await subs.flush().catch(() => undefined);
    throw e;
  }
}

type StepFn = <T>(name: string, fn: (seq: number) => Promise<SubStepOutcome<T, SqlSubStepExtra>>) => Promise<T>;

async function runRounds(
  deps: AgentLoopDeps,
  node: Node,
  prepared: AgentPrepared,
  ctx: ExecutorContext,
  subs: SubSteps<SqlSubStepExtra>,
  step: StepFn,
): Promise<ExecutorResult> {
  const c = node.config;
  const { db } = deps;
  /** A sub-step that calls nothing outside: a held answer is written with it. */
  const record = <T>(name: string, fn: (seq: number) => Promise<SubStepOutcome<T, SqlSubStepExtra>>): Promise<T> =>
    subs.run(name, fn, { local: true });

  await ensureEnvProvider(db, deps.env);
  // The primary model and its fallbacks, each loaded when first needed (a fallback provider that is
  // missing fails only when the primary has failed and it is that fallback's turn).
  const candidates = [{ providerId: c.providerId, model: c.model }, ...c.fallbacks].map((f) => {
    let loaded: Promise<Candidate> | undefined;
    return () =>
      (loaded ??= loadProvider(db, f.providerId).then((p) => ({
        provider: p,
        model: f.model.trim() || p.defaultModel,
        client: deps.modelClients(p),
      })));
  });
  const primary = await candidates[0]();
  const provider = primary.provider;
  let model = primary.model;
  let answeredBy = provider.id;
  // MCP entries take their description and schema from the server's cached list when the node has
  // none, and an entry without a tool name stands for every tool of its server
  const tools = await expandMcpTools(db, c.tools);
  const specs = toolSpecs(tools);
  const toolsByName = new Map(tools.map((t) => [t.name, t]));
  const answerSchema = (c.responseSchema as Record<string, unknown> | null) ?? null;
  const responseFormat = responseFormatFor(answerSchema);
  const budget = await budgetForVersion(db, prepared.versionId);
  let retention: Promise<number | null> | undefined;
  const retentionOnce = () => (retention ??= retentionDays(db, prepared.workflowId));

  let memory: MemoryContext = { turns: [], facts: [] };
  const subjectKey = prepared.subjectKey;
  if (subjectKey) {
    memory = await step("memory:load", async () => ({
      result: await loadMemory(db, prepared.workflowId, subjectKey, c.memory.loadTurns, Date.now()),
    }));
  }
  const messages: ChatMessage[] = initialMessages(prepared.system, prepared.user, memory);
  const toolRecords: AgentToolCallRecord[] = [];
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  let cost = 0;
  let modelCalls = 0;
  let rounds = 0;
  let repairs = 0;
  let sentUpTo = 0;

  const finish = async (
    handle: "ok" | "escalate",
    final: Partial<FinalAnswer> & { answer: unknown },
    escalation?: { reason: EscalationReason; detail: string; proposedToolCalls?: ProposedToolCall[] },
  ): Promise<ExecutorResult> => {
    const output: AgentOutput = {
      answer: final.answer,
      rationale: final.rationale ?? "",
      confidence: final.confidence ?? null,
      toolCalls: toolRecords,
      usage: { ...usage },
      costUsd: Math.round(cost * 1e9) / 1e9,
      model,
      providerId: answeredBy,
      modelCalls,
      ...(escalation ? { escalated: escalation } : {}),
    };
    if (Buffer.byteLength(JSON.stringify(output)) > MAX_STEP_OUTPUT_BYTES) {
      throw new NonRetriableError(`The agent's output is larger than ${MAX_STEP_OUTPUT_BYTES} bytes`, "output_too_large");
    }
    // no call goes out between the final answer and this record: the answer (held) is written with it
    const stored = await record<AgentOutput>(`decision:${handle}`, async () => {
      const now = Date.now();
      const saveMemory = handle === "ok" && subjectKey !== null && c.memory.saveTurns;
      const days = saveMemory ? await retentionOnce() : null;
      const audit = {
        stepKey: ctx.stepKey,
        nodeId: node.id,
        workflowId: prepared.workflowId,
        model,
        confidence: output.confidence,
        // The rationale may quote the subject's data: the chain keeps a keyed digest, the sub-step
        // (erasable) keeps the text.
        rationaleHash: personalDigest(output.rationale.slice(0, AUDIT_TEXT_CHARS)),
        answerHash: hashJson(output.answer ?? null),
        costUsd: output.costUsd,
        tokens: usage.inputTokens + usage.outputTokens,
        ...(escalation ? { reason: escalation.reason, detail: escalation.detail } : {}),
      };
      return {
        result: output,
        extra: {
          events: [
            {
              type: handle === "ok" ? "agent.decided" : "agent.escalated",
              data: {
                nodeId: node.id,
                confidence: output.confidence,
                ...(escalation ? { reason: escalation.reason, detail: escalation.detail } : {}),
              },
            },
          ],
          audit: [
            {
              atMs: now,
              actorId: null,
              actorType: "system",
              action: handle === "ok" ? "agent.decided" : "agent.escalated",
              targetType: "run",
              targetId: ctx.runId,
              data: audit,
            },
          ],
          ...(saveMemory
            ? {
                also: (q) =>
                  saveTurn(
                    q,
                    { workflowId: prepared.workflowId, subjectKey, runId: ctx.runId, now, retentionDays: days },
                    { user: prepared.user, assistant: answerText(output.answer) },
                  ),
              }
            : {}),
        },
      };
    });
    return { output: stored, handle };
  };

  /** One model call on one candidate: a response, a budget stop, or a recorded retryable failure. */
  const callOne = (cand: Candidate, delta: ChatMessage[]) =>
    step<ModelCallResult>(cand.model, async (seq) => {
      const request = {
        messages: delta,
        tools: specs.map((s) => s.name),
        responseFormat: { name: responseFormat.name, strict: responseFormat.strict },
        maxOutputTokens: c.maxOutputTokens,
        temperature: c.temperature,
      };
      if (budget) {
        const exceeded = await checkBudget(db, ctx.runId, budget, {
          messages,
          maxOutputTokens: c.maxOutputTokens,
          model: cand.model,
          prices: cand.provider.models,
        });
        if (exceeded)
          return {
            result: { kind: "budget_exceeded", exceeded },
            metrics: { providerId: cand.provider.id, request, error: "budget_exceeded" },
          };
      }
      let t0 = Date.now();
      let resp: ChatResponse;
      const live = deps.liveText;
      const at = { runId: ctx.runId, stepKey: ctx.stepKey, seq };
      let streamed = 0;
      const onText = live
        ? (text: string) => {
            live({ ...at, offset: streamed, text, done: false });
            streamed += text.length;
          }
        : undefined;
      const call = () =>
        withLinkedSignal(ctx.signal, (signal) =>
          // over the provider's shared limits the call waits for a slot (latency counts from the slot)
          withProviderSlot(
            db,
            cand.provider,
            {
              holder: `${ctx.runId}:${ctx.stepKey}:s${seq}`,
              tokens: estimateTokens(messages) + c.maxOutputTokens,
              callTimeoutMs: c.timeoutMs,
              signal,
            },
            () => {
              t0 = Date.now();
              return cand.client.chat({
                model: cand.model,
                messages,
                tools: specs.length ? specs : undefined,
                responseFormat,
                temperature: c.temperature ?? undefined,
                maxOutputTokens: c.maxOutputTokens,
                timeoutMs: c.timeoutMs,
                signal,
                idempotencyKey: `${ctx.runId}:${ctx.stepKey}:s${seq}`,
                onText,
              });
            },
          ),
        ).finally(() => {
          if (streamed) live?.({ ...at, offset: streamed, text: "", done: true });
        });
      try {
        // a span per model call, named and attributed per the OpenTelemetry GenAI semantic conventions
        resp = ctx.trace
          ? await ctx.trace.span(
              `chat ${cand.model}`,
              {
                "gen_ai.operation.name": "chat",
                "gen_ai.system": "openai",
                "gen_ai.request.model": cand.model,
                "gen_ai.request.max_tokens": c.maxOutputTokens,
                "gen_ai.request.temperature": c.temperature ?? undefined,
                "switchyard.provider.id": cand.provider.id,
              },
              async (span) => {
                const r = await call();
                span.setAttributes({
                  "gen_ai.response.model": cand.model,
                  "gen_ai.usage.input_tokens": r.usage.inputTokens,
                  "gen_ai.usage.output_tokens": r.usage.outputTokens,
                  "gen_ai.response.finish_reasons": r.finishReason,
                });
                return r;
              },
            )
          : await call();
      } catch (e) {
        // A retryable failure is recorded (a replay then moves on to the same fallback). Anything
        // else fails the attempt as before; a cancelled or timed-out step is not the model's failure.
        if (!(e instanceof RetryableError) || ctx.signal.aborted) throw e;
        const latencyMs = Date.now() - t0;
        return {
          result: { kind: "failed", message: e.message, code: e.errorCode, failure: e.kind, retryAfterMs: e.retryAfterMs ?? null },
          metrics: { providerId: cand.provider.id, request, error: e.message.slice(0, 1000), costUsd: 0, latencyMs },
        };
      }
      const latencyMs = Date.now() - t0;
      const callCost = costUsd(cand.provider.models, cand.model, resp.usage);
      ctx.trace?.modelUsage(cand.model, resp.usage.inputTokens, resp.usage.outputTokens, callCost);
      return {
        result: {
          kind: "response",
          content: resp.content,
          toolCalls: resp.toolCalls,
          finishReason: resp.finishReason,
          usage: resp.usage,
          costUsd: callCost,
          latencyMs,
        },
        metrics: {
          providerId: cand.provider.id,
          request,
          inputTokens: resp.usage.inputTokens,
          outputTokens: resp.usage.outputTokens,
          costUsd: callCost,
          latencyMs,
        },
        // An answer without tool calls is the final one (or is repaired by the next call, before which
        // it is written): held, it is written with the decision in one write instead of two.
        hold: resp.toolCalls.length === 0,
      };
    });

  /**
   * The primary model, then each fallback in order, until one answers. Every failed call is a
   * sub-step, so a replay walks the same candidates. When a round in which something was actually
   * called (not only replayed) fails on every candidate, the attempt fails with the last error (the
   * node's retry policy applies, the longest Retry-After of the round as a floor); the next attempt
   * replays those failures and starts a new round with the primary.
   */
  const callModels = async (delta: ChatMessage[]): Promise<Exclude<ModelCallResult, { kind: "failed" }>> => {
    for (;;) {
      let fresh = false;
      let last: Extract<ModelCallResult, { kind: "failed" }> | undefined;
      let retryAfterMs = 0;
      for (const load of candidates) {
        const cand = await load();
        const before = subs.replayed;
        const r = await callOne(cand, delta);
        if (subs.replayed === before) fresh = true;
        if (r.kind !== "failed") {
          if (r.kind === "response") {
            model = cand.model;
            answeredBy = cand.provider.id;
          }
          return r;
        }
        last = r;
        retryAfterMs = Math.max(retryAfterMs, r.retryAfterMs ?? 0);
      }
      if (fresh && last) {
        const more = candidates.length > 1 ? ` (after ${candidates.length - 1} fallback model${candidates.length > 2 ? "s" : ""})` : "";
        throw new RetryableError(`${last.message}${more}`, {
          kind: last.failure,
          code: last.code,
          retryAfterMs: retryAfterMs || undefined,
        });
      }
    }
  };

  for (;;) {
    const delta = messages.slice(sentUpTo);
    sentUpTo = messages.length;
    const r = await callModels(delta);
    if (r.kind === "budget_exceeded") {
      const e = r.exceeded;
      const what =
        e.kind === "tokens"
          ? `${e.spent} tokens spent + ~${e.estimate} for the next call > ${e.limit}`
          : `$${e.spent.toFixed(6)} spent + ~$${e.estimate.toFixed(6)} for the next call > $${e.limit}`;
      return finish(
        "escalate",
        { answer: lastAssistantText(messages) },
        { reason: "budget_exceeded", detail: `Run budget would be exceeded: ${what}` },
      );
    }
    modelCalls++;
    usage.inputTokens += r.usage.inputTokens;
    usage.outputTokens += r.usage.outputTokens;
    cost += r.costUsd;
    messages.push({ role: "assistant", content: r.content, ...(r.toolCalls.length ? { toolCalls: r.toolCalls } : {}) });

    if (r.toolCalls.length) {
      const proposed = (tc: ToolCall): ProposedToolCall => {
        const a = parseArguments(tc);
        return { name: tc.name, arguments: a.ok ? a.args : tc.arguments, reason: r.content };
      };
      if (rounds >= c.maxToolRounds) {
        return finish(
          "escalate",
          { answer: r.content },
          {
            reason: "tool_round_limit",
            detail: `The agent asked for tool round ${rounds + 1}; the limit is ${c.maxToolRounds}`,
            proposedToolCalls: r.toolCalls.map(proposed),
          },
        );
      }
      rounds++;
      for (const tc of r.toolCalls) {
        const tool = toolsByName.get(tc.name);
        let outcome: ToolOutcome;
        try {
          outcome = await step<ToolOutcome>(`tool:${tc.name}`, async (seq) => {
            const env = {
              db,
              ctx,
              prepared,
              seq,
              idempotencyKey: `${ctx.runId}:${ctx.stepKey}:s${seq}`,
              now: Date.now(),
              retentionDays: retentionOnce,
              mcp: deps.mcp,
            };
            // A call that needs approval runs only once its task is decided, a workflow tool once its
            // child run has ended; until then the step parks (nothing is persisted for this
            // position, so the re-execution arrives here again).
            const { outcome: o, extra } = tool?.requiresApproval
              ? await approvedCall(tool, tc, seq, { node, ctx, round: rounds, reason: r.content }, env)
              : await runTool(tool, tc, env);
            return {
              result: o,
              metrics: {
                request: { tool: tc.name, arguments: tc.arguments },
                latencyMs: o.latencyMs,
                error: o.ok ? null : (o.error ?? "failed"),
              },
              extra,
            };
          });
        } catch (e) {
          if (e instanceof ParkStep) return { park: e.request };
          throw e;
        }
        const args = parseArguments(tc);
        toolRecords.push({
          id: tc.id,
          round: rounds,
          name: tc.name,
          arguments: outcome.approval?.editedArguments ?? (args.ok ? args.args : tc.arguments),
          ok: outcome.ok,
          ...(outcome.result !== undefined ? { result: clip(outcome.result) } : {}),
          ...(outcome.error ? { error: outcome.error } : {}),
          latencyMs: outcome.latencyMs,
          ...(outcome.childRunId ? { childRunId: outcome.childRunId } : {}),
          ...(outcome.approval
            ? {
                approval: {
                  ...outcome.approval,
                  ...(outcome.approval.editedArguments ? { proposedArguments: args.ok ? args.args : tc.arguments } : {}),
                },
              }
            : {}),
        });
        messages.push({ role: "tool", toolCallId: tc.id, content: toolMessage(outcome) });
      }
      continue;
    }

    const parsed = parseFinal(r.content, answerSchema);
    if (!parsed.ok) {
      if (repairs < c.repairAttempts) {
        repairs++;
        messages.push({ role: "user", content: repairMessage(parsed.problems) });
        continue;
      }
      throw new NonRetriableError(
        `The model's answer did not match the answer schema after ${repairs} repair attempt${repairs === 1 ? "" : "s"}: ${parsed.problems.slice(0, 5).join("; ")}`,
        "invalid_output",
      );
    }
    const final = parsed.value;
    if (final.confidence < c.confidenceThreshold) {
      return finish("escalate", final, {
        reason: "low_confidence",
        detail: `Confidence ${final.confidence} is below the threshold ${c.confidenceThreshold}`,
      });
    }
    return finish("ok", final);
  }
}

function lastAssistantText(messages: readonly ChatMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === "assistant" && m.content) return m.content;
  }
  return null;
}
