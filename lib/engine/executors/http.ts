import { evaluateExpression, renderTemplate } from "@/lib/model/expressions";
import { describeRefusal, parseJsonSafely } from "@/lib/model/safe-json";
import { parseRetryAfter } from "@/lib/model/retry-after";
import { SafeFetchError } from "@/lib/security/safe-fetch";
import { redactSecrets } from "@/lib/security/secrets";
import { headerSecretValues } from "@/lib/security/header-secrets";
import { NonRetriableError, RetryableError } from "../errors";
import { withDisclosure } from "../disclosure";
import { ENGINE_EXPRESSION_LIMITS, MAX_STEP_OUTPUT_BYTES } from "./expression-limits";
import type { WorkflowNodeOf } from "@/lib/model/graph-schema";
import type { ExecutorContext, ExecutorResult } from "../ports";
import type { Executor } from "./types";

/** Deeper JSON responses are refused (downstream expressions and storage recurse over the value). */
export const MAX_RESPONSE_JSON_DEPTH = 256;

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * HTTP: the request is rendered in memory (stored as the step input, without credentials), then
 * sent through safeFetch with an Idempotency-Key header. 5xx/429/network/timeout are retryable
 * (per the node's retry policy); other 4xx are not. Output: { status, headers, body }.
 * Credential headers are added only here, and every form of their values (see header-secrets) is
 * redacted from the output and from error messages, so a remote that echoes them back cannot get
 * them into the step row, run events or logs.
 */
export const httpExecutor: Executor<"http"> = {
  kind: "http",
  effect: true,
  prepare: async (node, ctx): Promise<HttpRequestSpec> => {
    const c = node.config;
    const url = await renderTemplate(c.url, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    const headers: Record<string, string> = {};
    for (const h of c.headers) headers[h.key] = await renderTemplate(h.value, ctx.scope, ENGINE_EXPRESSION_LIMITS);
    const src = c.body?.trim();
    const body = src ? await evaluateExpression(src, ctx.scope, ENGINE_EXPRESSION_LIMITS) : undefined;
    return { method: c.method, url, headers, ...(body !== undefined ? { body } : {}) };
  },
  execute: async (node, prepared, ctx) => {
    const req = prepared as HttpRequestSpec;
    const secrets: string[] = [];
    try {
      return await send(node, req, ctx, secrets);
    } catch (e) {
      if (secrets.length && e instanceof Error) e.message = redactSecrets(e.message, secrets);
      throw e;
    }
  },
};

/** Sends the request; credential secret forms are pushed to `secrets` as soon as they are known. */
async function send(node: WorkflowNodeOf<"http">, req: HttpRequestSpec, ctx: ExecutorContext, secrets: string[]): Promise<ExecutorResult> {
  const c = node.config;
  // The engine's key always wins: a user header of the same name in any case is dropped, not merged.
  const userHeaders = Object.entries(req.headers).filter(([k]) => k.toLowerCase() !== IDEMPOTENCY_HEADER.toLowerCase());
  const headers: Record<string, string> = withDisclosure(
    { ...Object.fromEntries(userHeaders), [IDEMPOTENCY_HEADER]: ctx.idempotencyKey },
    ctx.disclosure,
  );
  if (c.credentialId) {
    if (!ctx.resolveCredential) throw new NonRetriableError("Credentials are not configured on this worker", "no_credentials");
    const credentialHeaders = await ctx.resolveCredential(c.credentialId, { initiatorId: ctx.initiatorId });
    secrets.push(...headerSecretValues(credentialHeaders));
    Object.assign(headers, credentialHeaders);
  }
  let body: string | undefined;
  if (req.body !== undefined && req.method !== "GET") {
    body = JSON.stringify(req.body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  }
  let res: Response;
  try {
    res = await ctx.fetch(req.url, {
      method: req.method,
      headers,
      body,
      timeoutMs: Math.min(c.timeoutMs, node.timeoutMs ?? c.timeoutMs),
      maxResponseBytes: MAX_STEP_OUTPUT_BYTES,
      signal: ctx.signal,
    });
  } catch (e) {
    if (e instanceof SafeFetchError) {
      if (e.code === "timeout") throw new RetryableError(`HTTP request timed out: ${e.message}`, { kind: "timeout", code: "timeout" });
      if (e.code === "network") throw new RetryableError(`HTTP request failed: ${e.message}`, { kind: "network", code: "network" });
      throw new NonRetriableError(`HTTP request refused: ${e.message}`, e.code);
    }
    if (ctx.signal.aborted) throw new RetryableError("HTTP request aborted (step timeout)", { kind: "timeout", code: "timeout" });
    throw new RetryableError(`HTTP request failed: ${(e as Error).message}`, { kind: "network", code: "network" });
  }
  const text = await res.text();
  let parsed: unknown = text;
  if (c.responseType === "json" && text.length > 0) {
    // Not JSON at all: keep the text. JSON the run could not store faithfully (nesting past the limit,
    // numbers past the double range, NUL or lone surrogates) fails the step with the reason, instead of
    // being stored as null or breaking the commit.
    const r = parseJsonSafely(text, { maxDepth: MAX_RESPONSE_JSON_DEPTH });
    if (r.ok) parsed = r.value;
    else if (r.refusal.kind !== "syntax") {
      throw new NonRetriableError(`HTTP response from ${req.url} cannot be used: ${describeRefusal(r.refusal)}`, "invalid_response");
    }
  }
  const summary = `HTTP ${res.status} from ${req.method} ${req.url}`;
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
  if (res.status === 429) throw new RetryableError(summary, { kind: "http_429", code: "http_429", retryAfterMs });
  if (res.status >= 500) throw new RetryableError(summary, { kind: "http_5xx", code: "http_5xx", retryAfterMs });
  if (res.status >= 400) throw new NonRetriableError(summary, "http_4xx");
  const outHeaders: Record<string, string> = {};
  const ct = res.headers.get("content-type");
  if (ct) outHeaders["content-type"] = ct;
  return { output: redactSecrets({ status: res.status, headers: outHeaders, body: parsed }, secrets) };
}
