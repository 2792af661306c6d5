import { z } from "zod";

/** Token usage reported for a step (defaults are estimated from text lengths, ~4 chars per token). */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface FakeToolCall {
  name: string;
  /** Object (sent as JSON.stringify(arguments)) or a raw string (e.g. to simulate invalid JSON arguments). */
  arguments: Record<string, unknown> | string;
  /** Tool call id; default `call_<callNumber>_<index>`. */
  id?: string;
}

export interface FakeStepCommon {
  /** Wait this long before answering (simulates latency / lets tests exercise timeouts). */
  delayMs?: number;
  /** With `stream: true`: wait this long before each content chunk (tokens arrive one by one). */
  tokenDelayMs?: number;
  /** With `stream: true`: characters per content chunk (default 16). */
  chunkChars?: number;
  /**
   * With `stream: true`: after this many content characters are written, wait until the test calls
   * `release()` (or POST /__release): a test sees a reply that is mid-answer for as long as it needs,
   * however slow the machine, instead of racing a timer.
   */
  holdAfterChars?: number;
  usage?: FakeUsage;
}

export type FakeContentStep = FakeStepCommon & {
  content: string;
  finishReason?: "stop" | "length" | "content_filter";
};
/** Reply whose content is JSON.stringify(json) — for response_format json_schema / json_object requests. */
export type FakeJsonStep = FakeStepCommon & { json: unknown };
export type FakeToolCallsStep = FakeStepCommon & { toolCalls: FakeToolCall[]; content?: string | null };
export type FakeErrorStep = FakeStepCommon & {
  error: {
    /** HTTP status, e.g. 429 (→ OpenAI.RateLimitError), 500 (→ InternalServerError), 400 (→ BadRequestError). */
    status: number;
    message: string;
    type?: string;
    code?: string | null;
    headers?: Record<string, string>;
  };
};
/** HTTP 200 with a body that is not valid JSON. */
export type FakeMalformedStep = FakeStepCommon & { malformed: true };

export type FakeModelStep = FakeContentStep | FakeJsonStep | FakeToolCallsStep | FakeErrorStep | FakeMalformedStep;

export type CallOutcome = "scripted" | "demo" | "unscripted" | "unauthorized" | "bad_request";

/** One request to POST /v1/chat/completions, as seen by the fake server. */
export interface RecordedCall {
  /** 1-based call number. */
  n: number;
  at: string;
  /** API key from `Authorization: Bearer <key>` (null if missing). */
  apiKey: string | null;
  headers: Record<string, string>;
  /** Parsed JSON request body (undefined if it was not valid JSON). */
  body: unknown;
  model: string | null;
  messages: unknown[];
  tools: unknown[] | null;
  responseFormat: unknown;
  stream: boolean;
  outcome: CallOutcome;
  /** The scripted step used, if any. */
  step: FakeModelStep | null;
  /** HTTP status returned. */
  status: number;
  /** Streamed replies: when the first content chunk was written (performance.timeOrigin + performance.now()). */
  firstChunkAtMs?: number;
}

const common = {
  delayMs: z.number().int().min(0).max(600_000).optional(),
  tokenDelayMs: z.number().int().min(0).max(60_000).optional(),
  chunkChars: z.number().int().min(1).max(10_000).optional(),
  holdAfterChars: z.number().int().min(1).max(1_000_000).optional(),
  usage: z.strictObject({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }).optional(),
};

const toolCallSchema = z.strictObject({
  name: z.string().min(1),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]),
  id: z.string().min(1).optional(),
});

/** Validates steps received over the control API (POST /__script) or passed to script(). */
export const fakeModelStepSchema = z.union([
  z.strictObject({ ...common, content: z.string(), finishReason: z.enum(["stop", "length", "content_filter"]).optional() }),
  z.strictObject({ ...common, json: z.unknown().refine((v) => v !== undefined, "json is required") }),
  z.strictObject({ ...common, toolCalls: z.array(toolCallSchema).min(1), content: z.string().nullable().optional() }),
  z.strictObject({
    ...common,
    error: z.strictObject({
      status: z.number().int().min(400).max(599),
      message: z.string(),
      type: z.string().optional(),
      code: z.string().nullable().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
  }),
  z.strictObject({ ...common, malformed: z.literal(true) }),
]);

export const fakeModelStepsSchema = z.array(fakeModelStepSchema);

/** Parse/validate steps; throws an Error with a readable message. */
export function parseSteps(input: unknown): FakeModelStep[] {
  const raw = Array.isArray(input)
    ? input
    : input && typeof input === "object" && Array.isArray((input as { steps?: unknown }).steps)
      ? (input as { steps: unknown[] }).steps
      : undefined;
  if (!raw) throw new Error("expected an array of steps (or { steps: [...] })");
  const parsed = fakeModelStepsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`invalid fake model script: ${issues}`);
  }
  return parsed.data as FakeModelStep[];
}
