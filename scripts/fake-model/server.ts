/**
 * A real OpenAI-compatible HTTP server on loopback, for tests, E2E and demos.
 *
 *   const server = await startFakeModelServer();
 *   server.script([{ content: "hi" }, { toolCalls: [{ name: "search", arguments: { q: "x" } }] }]);
 *   const openai = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
 *   ...
 *   expect(server.unscriptedCalls).toBe(0);
 *   await server.close();
 *
 * Endpoints: POST /v1/chat/completions (incl. stream: true), GET /v1/models[/<id>].
 * Control API (no auth; for other processes): POST /__script (steps array or {steps}; `?append=1`
 * appends instead of replacing), POST /__reset, POST /__release (held streamed replies go on), GET /__calls.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { demoReply } from "./demo";
import { parseSteps, type FakeModelStep, type FakeUsage, type RecordedCall } from "./types";

export interface FakeModelServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** If set, requests whose Bearer key differs get HTTP 401. */
  expectApiKey?: string;
  /** When the script is empty, answer with deterministic demo replies instead of failing. */
  demo?: boolean;
  /** Initial script. */
  steps?: FakeModelStep[];
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /** Log unscripted calls to stderr (default true). */
  logUnscripted?: boolean;
}

export interface FakeModelServer {
  /** Base URL for the OpenAI SDK, e.g. http://127.0.0.1:4010/v1 */
  readonly url: string;
  /** http://host:port (control API lives at `${origin}/__script` etc.) */
  readonly origin: string;
  readonly port: number;
  /** Replace the queue of scripted responses. */
  script(steps: FakeModelStep[]): void;
  /** Append steps to the queue. */
  enqueue(...steps: FakeModelStep[]): void;
  /** Clear the queue, recorded calls and the unscripted-call counter (and release held replies). */
  reset(): void;
  /** Let every streamed reply waiting at its `holdAfterChars` go on. */
  release(): void;
  /** Streamed replies waiting at their `holdAfterChars` right now. */
  readonly held: number;
  /** Recorded chat.completions calls (live array). */
  readonly calls: RecordedCall[];
  readonly callCount: number;
  readonly lastCall: RecordedCall | undefined;
  /** Calls that arrived when the script was exhausted (and demo mode was off). */
  readonly unscriptedCalls: number;
  /** Steps not consumed yet. */
  readonly remainingSteps: number;
  /** Chat completions being answered right now, and the most seen at once since the last reset. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Throws if any call was unscripted or scripted steps are left over. */
  assertScriptConsumed(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const DEFAULT_MODELS = ["fake-model", "gpt-4o-mini", "gpt-4o"];

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

function openAiError(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function defaultErrorType(status: number): string {
  if (status === 429) return "rate_limit_exceeded";
  if (status === 401) return "invalid_request_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function bearerKey(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? m[1].trim() : null;
}

function flatHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

interface Reply {
  tokenDelayMs?: number;
  chunkChars?: number;
  holdAfterChars?: number;
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: "stop" | "tool_calls" | "length" | "content_filter";
  usage?: FakeUsage;
}

export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const host = options.host ?? "127.0.0.1";
  const models = options.models ?? DEFAULT_MODELS;
  const logUnscripted = options.logUnscripted ?? true;
  let queue: FakeModelStep[] = options.steps ? parseSteps(options.steps) : [];
  const calls: RecordedCall[] = [];
  let unscripted = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const timers = new Set<NodeJS.Timeout>();
  // streamed replies waiting at their holdAfterChars, each released by release() or reset()
  const holds = new Set<() => void>();
  const held = () => new Promise<void>((resolve) => holds.add(resolve));
  function release(): void {
    for (const go of holds) go();
    holds.clear();
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function controlApi(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: URLSearchParams, raw: string) {
    if (req.method === "GET" && path === "/__calls") {
      sendJson(res, 200, {
        callCount: calls.length,
        unscriptedCalls: unscripted,
        remainingSteps: queue.length,
        inFlight,
        maxInFlight,
        calls,
      });
      return;
    }
    if (req.method === "POST" && path === "/__release") {
      const n = holds.size;
      release();
      sendJson(res, 200, { ok: true, released: n });
      return;
    }
    if (req.method === "POST" && path === "/__reset") {
      release();
      queue = [];
      calls.length = 0;
      unscripted = 0;
      maxInFlight = inFlight;
      sendJson(res, 200, { ok: true });
      return;
    }
    if (req.method === "POST" && path === "/__script") {
      let steps: FakeModelStep[];
      try {
        steps = parseSteps(raw.trim() ? JSON.parse(raw) : undefined);
      } catch (err) {
        sendJson(res, 400, { error: { message: (err as Error).message } });
        return;
      }
      const append = ["1", "true"].includes(query.get("append") ?? "");
      queue = append ? [...queue, ...steps] : steps;
      sendJson(res, 200, { ok: true, remainingSteps: queue.length });
      return;
    }
    sendJson(res, 404, { error: { message: `unknown control endpoint ${req.method} ${path}` } });
  }

  function buildReply(step: FakeModelStep, n: number): Reply | null {
    if ("toolCalls" in step) {
      return {
        content: step.content ?? null,
        toolCalls: step.toolCalls.map((tc, i) => ({
          id: tc.id ?? `call_${n}_${i}`,
          name: tc.name,
          arguments: typeof tc.arguments === "string" ? tc.arguments : JSON.stringify(tc.arguments),
        })),
        finishReason: "tool_calls",
        usage: step.usage,
        tokenDelayMs: step.tokenDelayMs,
        chunkChars: step.chunkChars,
        holdAfterChars: step.holdAfterChars,
      };
    }
    const pace = { tokenDelayMs: step.tokenDelayMs, chunkChars: step.chunkChars, holdAfterChars: step.holdAfterChars };
    if ("json" in step) return { content: JSON.stringify(step.json), toolCalls: [], finishReason: "stop", usage: step.usage, ...pace };
    if ("content" in step) {
      return { content: step.content, toolCalls: [], finishReason: step.finishReason ?? "stop", usage: step.usage, ...pace };
    }
    return null;
  }

  async function sendCompletion(res: http.ServerResponse, body: Record<string, unknown>, reply: Reply, call: RecordedCall) {
    const n = call.n;
    const stream = call.stream;
    const id = `chatcmpl-fake-${n}`;
    const created = Math.floor(Date.now() / 1000);
    const model = typeof body.model === "string" ? body.model : "fake-model";
    const completionText = (reply.content ?? "") + reply.toolCalls.map((t) => t.name + t.arguments).join("");
    const prompt_tokens = reply.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(body.messages ?? []));
    const completion_tokens = reply.usage?.completion_tokens ?? estimateTokens(completionText);
    const usage = { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
    const toolCalls = reply.toolCalls.map((t) => ({ id: t.id, type: "function", function: { name: t.name, arguments: t.arguments } }));

    if (!stream) {
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        system_fingerprint: "fp_fake",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: reply.content,
              refusal: null,
              ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
            },
            logprobs: null,
            finish_reason: reply.finishReason,
          },
        ],
        usage,
      });
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices, ...extra })}\n\n`,
      );
    chunk([
      {
        index: 0,
        delta: { role: "assistant", content: reply.toolCalls.length && !reply.content ? null : "" },
        logprobs: null,
        finish_reason: null,
      },
    ]);
    if (reply.content) {
      const size = reply.chunkChars ?? 16;
      for (let at = 0; at < reply.content.length; at += size) {
        const piece = reply.content.slice(at, at + size);
        if (reply.tokenDelayMs) {
          await sleep(reply.tokenDelayMs);
          if (res.destroyed || res.writableEnded) return;
        }
        if (reply.holdAfterChars !== undefined && at >= reply.holdAfterChars && at - size < reply.holdAfterChars) {
          await held();
          if (res.destroyed || res.writableEnded) return;
        }
        call.firstChunkAtMs ??= performance.timeOrigin + performance.now();
        chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
      }
    }
    toolCalls.forEach((tc, index) => {
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index, id: tc.id, type: "function", function: { name: tc.function.name, arguments: "" } }] },
          logprobs: null,
          finish_reason: null,
        },
      ]);
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index, function: { arguments: tc.function.arguments } }] },
          logprobs: null,
          finish_reason: null,
        },
      ]);
    });
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: reply.finishReason }]);
    const so = body.stream_options as { include_usage?: boolean } | undefined;
    if (so?.include_usage) chunk([], { usage });
    res.end("data: [DONE]\n\n");
  }

  async function chatCompletions(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const n = calls.length + 1;
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      /* handled below */
    }
    const apiKey = bearerKey(req);
    const call: RecordedCall = {
      n,
      at: new Date().toISOString(),
      apiKey,
      headers: flatHeaders(req),
      body,
      model: typeof body?.model === "string" ? body.model : null,
      messages: Array.isArray(body?.messages) ? body.messages : [],
      tools: Array.isArray(body?.tools) ? body.tools : null,
      responseFormat: body?.response_format,
      stream: body?.stream === true,
      outcome: "scripted",
      step: null,
      status: 200,
    };
    calls.push(call);

    if (!apiKey || (options.expectApiKey !== undefined && apiKey !== options.expectApiKey)) {
      call.outcome = "unauthorized";
      call.status = 401;
      sendJson(
        res,
        401,
        apiKey
          ? openAiError(
              `Incorrect API key provided: ${apiKey.slice(0, 3)}***. (fake model expected a different key)`,
              "invalid_request_error",
              "invalid_api_key",
            )
          : openAiError("You didn't provide an API key (Authorization: Bearer <key>).", "invalid_request_error", "missing_api_key"),
      );
      return;
    }
    if (!body || !Array.isArray(body.messages)) {
      call.outcome = "bad_request";
      call.status = 400;
      sendJson(res, 400, openAiError("request body must be JSON with a messages array", "invalid_request_error"));
      return;
    }

    const step = queue.shift();
    if (!step) {
      if (options.demo) {
        call.outcome = "demo";
        const d = demoReply(body);
        const reply: Reply =
          d.kind === "content"
            ? { content: d.content, toolCalls: [], finishReason: "stop" }
            : {
                content: null,
                toolCalls: d.toolCalls.map((t, i) => ({ id: `call_${n}_${i}`, name: t.name, arguments: JSON.stringify(t.arguments) })),
                finishReason: "tool_calls",
              };
        await sendCompletion(res, body, reply, call);
        return;
      }
      unscripted++;
      call.outcome = "unscripted";
      call.status = 500;
      const message = `fake model script exhausted: call #${n} was not scripted`;
      if (logUnscripted) console.error(`[fake-model] ${message}`);
      sendJson(res, 500, { error: { message } });
      return;
    }

    call.step = step;
    if (step.delayMs) {
      await sleep(step.delayMs);
      if (res.destroyed || res.writableEnded) return;
    }
    if ("error" in step) {
      call.status = step.error.status;
      sendJson(
        res,
        step.error.status,
        openAiError(step.error.message, step.error.type ?? defaultErrorType(step.error.status), step.error.code ?? null),
        step.error.headers ?? {},
      );
      return;
    }
    if ("malformed" in step) {
      if (call.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end('data: {"id":"chatcmpl-malformed","choices":[{"index":0,"delta":{"content":\n\n');
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          '{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"unterminated',
        );
      }
      return;
    }
    const reply = buildReply(step, n);
    if (!reply) {
      call.status = 500;
      sendJson(res, 500, { error: { message: "fake model: unsupported step" } });
      return;
    }
    await sendCompletion(res, body, reply, call);
  }

  function listModels(res: http.ServerResponse, id?: string) {
    const created = 1_700_000_000;
    const entry = (m: string) => ({ id: m, object: "model", created, owned_by: "switchyard-fake" });
    if (id !== undefined) {
      sendJson(res, 200, entry(id));
      return;
    }
    sendJson(res, 200, { object: "list", data: models.map(entry) });
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? "/", "http://fake-model.local");
      const path = u.pathname.replace(/\/+$/, "") || "/";
      let raw = "";
      try {
        raw = await readBody(req);
      } catch (err) {
        if (!res.headersSent) sendJson(res, 413, openAiError((err as Error).message, "invalid_request_error"));
        return;
      }
      if (path.startsWith("/__")) {
        controlApi(req, res, path, u.searchParams, raw);
        return;
      }
      if (req.method === "POST" && path === "/v1/chat/completions") {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await chatCompletions(req, res, raw);
        } finally {
          inFlight--;
        }
        return;
      }
      if (req.method === "GET" && (path === "/v1/models" || path.startsWith("/v1/models/"))) {
        if (!bearerKey(req) || (options.expectApiKey !== undefined && bearerKey(req) !== options.expectApiKey)) {
          sendJson(res, 401, openAiError("invalid or missing API key", "invalid_request_error", "invalid_api_key"));
          return;
        }
        listModels(res, path === "/v1/models" ? undefined : decodeURIComponent(path.slice("/v1/models/".length)));
        return;
      }
      if (req.method === "GET" && (path === "/" || path === "/health")) {
        sendJson(res, 200, { ok: true, url: `${origin}/v1`, demo: Boolean(options.demo) });
        return;
      }
      sendJson(res, 404, openAiError(`fake model: unknown route ${req.method} ${path}`, "invalid_request_error", "unknown_url"));
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake model internal error: ${(err as Error).message}` } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    port,
    script(steps) {
      queue = parseSteps(steps);
    },
    enqueue(...steps) {
      queue.push(...parseSteps(steps));
    },
    reset() {
      release();
      queue = [];
      calls.length = 0;
      unscripted = 0;
      maxInFlight = inFlight;
    },
    release,
    get held() {
      return holds.size;
    },
    get calls() {
      return calls;
    },
    get callCount() {
      return calls.length;
    },
    get lastCall() {
      return calls.at(-1);
    },
    get unscriptedCalls() {
      return unscripted;
    },
    get remainingSteps() {
      return queue.length;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    assertScriptConsumed() {
      if (unscripted > 0) throw new Error(`fake model received ${unscripted} unscripted call(s)`);
      if (queue.length > 0) throw new Error(`fake model has ${queue.length} scripted step(s) that were never requested`);
    },
    close() {
      release();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
