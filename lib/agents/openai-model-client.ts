// ModelClient on the official `openai` SDK, for OpenAI and any OpenAI-compatible endpoint (Azure
// OpenAI behind a gateway, Ollama, vLLM, LM Studio...) selected by the provider's base URL.
// maxRetries is 0: the engine owns retries (node retry policy). Errors are mapped once, here:
//   429, 5xx, timeouts, connection failures, unreadable responses → RetryableError
//   other 4xx (bad request, auth, not found...)                  → NonRetriableError with the provider's message
// The SDK does its own HTTP (not safeFetch): a provider's base URL is trusted admin configuration,
// validated as http(s) when saved (provider-schemas.ts).
import OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { NonRetriableError, RetryableError } from "@/lib/engine/errors";
import { redactSecrets } from "@/lib/security/secrets";
import type { ChatMessage, ChatRequest, ChatResponse, ModelClient, ModelClientFactory } from "@/lib/agents/model-client";
import type { ProviderSecretConfig } from "@/lib/providers/provider-schemas";
import { parseRetryAfter } from "@/lib/model/retry-after";

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_TIMEOUT_MS = 120_000;

function toSdkMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case "system":
      return { role: "system", content: m.content };
    case "user":
      return { role: "user", content: m.content };
    case "tool":
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
    case "assistant":
      return {
        role: "assistant",
        content: m.content,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((t) => ({
                id: t.id,
                type: "function" as const,
                function: { name: t.name, arguments: t.arguments },
              })),
            }
          : {}),
      };
  }
}

/** The message an API error carries from the provider (never the request, never our key). */
function providerMessage(e: InstanceType<typeof OpenAI.APIError>): string {
  const body = e.error as { message?: unknown } | undefined;
  const msg = typeof body?.message === "string" && body.message ? body.message : e.message;
  return msg.slice(0, 1000);
}

export function mapModelError(e: unknown, provider: { name: string; apiKey: string | null }, signal?: AbortSignal): Error {
  const secrets = provider.apiKey ? [provider.apiKey] : [];
  const clean = (s: string) => redactSecrets(s, secrets);
  const who = `Model provider "${provider.name}"`;
  if (e instanceof RetryableError || e instanceof NonRetriableError) return e;
  if (e instanceof OpenAI.APIUserAbortError || signal?.aborted) {
    const reason: unknown = signal?.reason;
    if (reason instanceof RetryableError) return reason;
    return new RetryableError(`${who}: call aborted (step timeout or shutdown)`, { kind: "timeout", code: "timeout" });
  }
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    return new RetryableError(`${who}: request timed out`, { kind: "timeout", code: "model_timeout" });
  }
  if (e instanceof OpenAI.APIConnectionError) {
    return new RetryableError(clean(`${who}: connection failed (${e.message})`), { kind: "network", code: "model_network" });
  }
  if (e instanceof OpenAI.APIError) {
    const status = e.status ?? 0;
    const msg = clean(`${who} answered HTTP ${status}: ${providerMessage(e)}`);
    const retryAfterMs = parseRetryAfter(e.headers?.get("retry-after"), Date.now());
    if (status === 429) return new RetryableError(msg, { kind: "http_429", code: "model_429", retryAfterMs });
    if (status >= 500) return new RetryableError(msg, { kind: "http_5xx", code: "model_5xx", retryAfterMs });
    if (status === 408) return new RetryableError(msg, { kind: "timeout", code: "model_timeout" });
    return new NonRetriableError(msg, status >= 400 ? `model_${status}` : "model_error");
  }
  // e.g. a 200 whose body is not JSON: the provider (or a proxy) garbled the answer; try again.
  const detail = e instanceof Error ? e.message : String(e);
  return new RetryableError(clean(`${who}: unreadable response (${detail.slice(0, 300)})`), { kind: "network", code: "model_malformed" });
}

export class OpenAiModelClient implements ModelClient {
  private readonly client: OpenAI;

  constructor(private readonly provider: ProviderSecretConfig) {
    this.client = new OpenAI({
      // The SDK insists on a key; keyless local servers (Ollama, LM Studio) accept any placeholder.
      apiKey: provider.apiKey ?? "no-key",
      baseURL: provider.baseUrl ?? DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: DEFAULT_TIMEOUT_MS,
    });
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const tools: ChatCompletionTool[] | undefined = req.tools?.length
      ? req.tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.parameters } }))
      : undefined;
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: req.model,
      messages: req.messages.map(toSdkMessage),
      ...(tools ? { tools } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      // max_tokens rather than max_completion_tokens: every OpenAI-compatible server accepts it.
      ...(req.maxOutputTokens !== undefined ? { max_tokens: req.maxOutputTokens } : {}),
      ...(req.responseFormat
        ? {
            response_format: {
              type: "json_schema",
              json_schema: { name: req.responseFormat.name, schema: req.responseFormat.schema, strict: req.responseFormat.strict },
            },
          }
        : {}),
    };
    const options = {
      signal: req.signal,
      timeout: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: 0,
      ...(req.idempotencyKey ? { headers: { "Idempotency-Key": req.idempotencyKey } } : {}),
    };
    if (req.onText) return this.chatStreaming(req, params, options, req.onText);
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(params, options);
    } catch (e) {
      throw mapModelError(e, this.provider, req.signal);
    }
    const choice = completion.choices?.[0];
    if (!choice?.message) {
      throw new RetryableError(`Model provider "${this.provider.name}": response has no choices`, {
        kind: "network",
        code: "model_malformed",
      });
    }
    const msg = choice.message;
    const toolCalls = (msg.tool_calls ?? []).flatMap((t) =>
      t.type === "function" ? [{ id: t.id, name: t.function.name, arguments: t.function.arguments ?? "" }] : [],
    );
    return {
      content: msg.content ?? null,
      toolCalls,
      finishReason: choice.finish_reason ?? "stop",
      usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
      model: completion.model || req.model,
    };
  }

  /**
   * `stream: true`: text pieces go to `onText` as they arrive; the chunks are folded into the same
   * ChatResponse as a plain call (content, tool calls assembled by index, usage from the last chunk).
   */
  private async chatStreaming(
    req: ChatRequest,
    params: ChatCompletionCreateParamsNonStreaming,
    options: { signal?: AbortSignal; timeout: number; maxRetries: number; headers?: Record<string, string> },
    onText: (delta: string) => void,
  ): Promise<ChatResponse> {
    let content: string | null = null;
    const calls: { id: string; name: string; arguments: string }[] = [];
    let finishReason: string | null = null;
    let usage: ChatCompletionChunk["usage"] = null;
    let model = "";
    let chunks = 0;
    try {
      const stream = await this.client.chat.completions.create(
        { ...params, stream: true, stream_options: { include_usage: true } },
        options,
      );
      for await (const chunk of stream) {
        chunks++;
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        if (choice.finish_reason) finishReason = choice.finish_reason;
        const delta = choice.delta;
        if (typeof delta?.content === "string" && delta.content) {
          content = (content ?? "") + delta.content;
          onText(delta.content);
        }
        for (const t of delta?.tool_calls ?? []) {
          const slot = (calls[t.index] ??= { id: "", name: "", arguments: "" });
          if (t.id) slot.id = t.id;
          if (t.function?.name) slot.name += t.function.name;
          if (t.function?.arguments) slot.arguments += t.function.arguments;
        }
      }
    } catch (e) {
      throw mapModelError(e, this.provider, req.signal);
    }
    if (chunks === 0 || finishReason === null) {
      throw new RetryableError(`Model provider "${this.provider.name}": the streamed response ended before it finished`, {
        kind: "network",
        code: "model_malformed",
      });
    }
    return {
      content,
      toolCalls: calls.filter((t) => t.name),
      finishReason,
      usage: { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 },
      model: model || req.model,
    };
  }

  async listModels(opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string[]> {
    try {
      const ids: string[] = [];
      const page = await this.client.models.list({ signal: opts.signal, timeout: opts.timeoutMs ?? 15_000, maxRetries: 0 });
      for (const m of page.data) ids.push(m.id);
      return ids;
    } catch (e) {
      throw mapModelError(e, this.provider, opts.signal);
    }
  }
}

export const openAiModelClientFactory: ModelClientFactory = (provider) => new OpenAiModelClient(provider);
