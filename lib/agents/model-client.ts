// The port the agent loop talks to: one chat completion per call, no retries of its own (retries
// follow the node's retry policy in the engine). Implementations throw RetryableError for 429,
// 5xx, timeouts and network failures and NonRetriableError (with the provider's message) for other
// 4xx, so the engine routes them like any other step failure. See openai-model-client.ts.
import type { ProviderSecretConfig } from "@/lib/providers/provider-schemas";

export interface ToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it (may be invalid JSON). */
  arguments: string;
}

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string | null; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ResponseFormat {
  name: string;
  schema: Record<string, unknown>;
  /** OpenAI strict mode (only when the schema qualifies: every object closed and fully required). */
  strict: boolean;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  responseFormat?: ResponseFormat;
  temperature?: number;
  maxOutputTokens?: number;
  /** Per-call timeout; a timeout is a retryable failure. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Sent as the Idempotency-Key header (stable per agent step and call). */
  idempotencyKey?: string;
  /**
   * Stream the answer: called with each piece of the answer's text as it arrives. The response is
   * the same as without it (the whole answer, tool calls, usage); only the text is seen earlier.
   */
  onText?: (delta: string) => void;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResponse {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: TokenUsage;
  /** Model id reported by the provider. */
  model: string;
}

export interface ModelClient {
  chat(req: ChatRequest): Promise<ChatResponse>;
  /** GET {baseURL}/models: ids the endpoint serves. */
  listModels(opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<string[]>;
}

export type ModelClientFactory = (provider: ProviderSecretConfig) => ModelClient;
