// What an HTTP node keeps from a response body: JSON when it parses, the text when it is not JSON,
// and a clear non-retriable failure for JSON the run could not store faithfully (numbers past the
// double range would become null, nesting past the limit breaks the recursive code downstream).
import { describe, expect, it } from "vitest";
import { httpExecutor, MAX_RESPONSE_JSON_DEPTH } from "./http";
import { NonRetriableError, RetryableError } from "../errors";
import type { ExecutorContext } from "../ports";

const node = {
  id: "n",
  name: "N",
  kind: "http",
  position: { x: 0, y: 0 },
  config: { method: "GET", url: "http://x.test", headers: [], timeoutMs: 1000, responseType: "json" },
};

/** Runs the executor against a fake fetch that answers `response()`. */
function send(response: () => Response) {
  const ctx = {
    runId: "r",
    stepKey: "n",
    nodeId: "n",
    attempt: 1,
    idempotencyKey: "k",
    signal: new AbortController().signal,
    input: {},
    scope: {},
    fetch: async () => response(),
  } as unknown as ExecutorContext;
  return httpExecutor.execute!(node as never, { method: "GET", url: "http://x.test", headers: {} }, ctx);
}

const call = (body: string) => send(() => new Response(body, { status: 200, headers: { "content-type": "application/json" } }));

const bodyOf = async (text: string) => ((await call(text)) as { output: { body: unknown } }).output.body;

describe("HTTP node response bodies", () => {
  it("keeps JSON as a value and anything else as text", async () => {
    expect(await bodyOf('{"a":1}')).toEqual({ a: 1 });
    expect(await bodyOf("not json")).toBe("not json");
    const deepOk = "[".repeat(MAX_RESPONSE_JSON_DEPTH) + "]".repeat(MAX_RESPONSE_JSON_DEPTH);
    expect(await bodyOf(deepOk)).toBeInstanceOf(Array);
  });

  it("fails the step, naming why, for JSON that cannot be stored faithfully", async () => {
    for (const body of ['{"amount":1e400}', "[".repeat(10_000) + "]".repeat(10_000), '{"n":"a\\u0000"}']) {
      const err = await call(body).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, body.slice(0, 20)).toBeInstanceOf(NonRetriableError);
      expect((err as NonRetriableError).errorCode).toBe("invalid_response");
      expect((err as Error).message).toMatch(/cannot be used/);
    }
  });
});

describe("HTTP node Retry-After", () => {
  it("carries the remote's Retry-After on a 429 or 503 so the retry waits at least that long", async () => {
    for (const [status, header, ms] of [
      [429, "7", 7000],
      [503, "2", 2000],
      [429, null, undefined],
    ] as const) {
      const err = await send(() => new Response("busy", { status, headers: header ? { "retry-after": header } : {} })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RetryableError);
      expect((err as RetryableError).retryAfterMs).toBe(ms);
    }
  });
});
