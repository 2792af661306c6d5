import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { startFakeModelServer, type FakeModelServer } from "./server";

let server: FakeModelServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startFakeModelServer({ port: 0 });
  client = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
  vi.restoreAllMocks();
});

const user = (content: string) => [{ role: "user" as const, content }];

describe("fake model server with the real openai SDK", () => {
  it("listens on loopback and exposes a /v1 base URL", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("returns a scripted text reply in the real OpenAI shape", async () => {
    server.script([{ content: "Hello from the script", usage: { prompt_tokens: 7, completion_tokens: 3 } }]);
    const res = await client.chat.completions.create({ model: "gpt-4o-mini", messages: user("hi") });
    expect(res).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o-mini",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello from the script" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    });
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(typeof res.created).toBe("number");
    expect(server.callCount).toBe(1);
    expect(server.calls[0]).toMatchObject({ n: 1, apiKey: "test", model: "gpt-4o-mini", messages: user("hi"), outcome: "scripted" });
    expect(server.unscriptedCalls).toBe(0);
    server.assertScriptConsumed();
  });

  it("estimates usage when not scripted", async () => {
    server.script([{ content: "x".repeat(40) }]);
    const res = await client.chat.completions.create({ model: "m", messages: user("hello") });
    expect(res.usage?.completion_tokens).toBe(10);
    expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it("returns tool calls and records the tools that were offered", async () => {
    server.script([
      {
        toolCalls: [
          { name: "get_weather", arguments: { city: "Paris" } },
          { name: "get_time", arguments: { tz: "CET" }, id: "call_custom" },
        ],
      },
      { content: "It is sunny." },
    ]);
    const tools = [
      {
        type: "function" as const,
        function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
      },
      { type: "function" as const, function: { name: "get_time", parameters: { type: "object", properties: { tz: { type: "string" } } } } },
    ];
    const first = await client.chat.completions.create({ model: "m", messages: user("weather?"), tools });
    const choice = first.choices[0];
    expect(choice.finish_reason).toBe("tool_calls");
    const calls = choice.message.tool_calls!.map((tc) => (tc.type === "function" ? tc : null)!);
    expect(calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ["call_1_0", "get_weather", { city: "Paris" }],
      ["call_custom", "get_time", { tz: "CET" }],
    ]);
    const second = await client.chat.completions.create({
      model: "m",
      tools,
      messages: [
        ...user("weather?"),
        choice.message,
        { role: "tool", tool_call_id: "call_1_0", content: "sunny" },
        { role: "tool", tool_call_id: "call_custom", content: "12:00" },
      ],
    });
    expect(second.choices[0].message.content).toBe("It is sunny.");
    expect(server.calls[0].tools).toHaveLength(2);
    expect(server.calls[1].messages).toHaveLength(4);
  });

  it("answers json_schema requests with the scripted object (parsed by the SDK)", async () => {
    const Verdict = z.object({ label: z.enum(["spam", "ham"]), confidence: z.number() });
    server.script([{ json: { label: "spam", confidence: 0.75 } }]);
    const res = await client.chat.completions.parse({
      model: "m",
      messages: user("classify"),
      response_format: zodResponseFormat(Verdict, "verdict"),
    });
    expect(res.choices[0].message.parsed).toEqual({ label: "spam", confidence: 0.75 });
    expect(res.choices[0].message.content).toBe('{"label":"spam","confidence":0.75}');
    expect(server.calls[0].responseFormat).toMatchObject({ type: "json_schema", json_schema: { name: "verdict", strict: true } });
  });

  it("surfaces a scripted 429 as OpenAI.RateLimitError (and 500/400 as their classes)", async () => {
    server.script([
      { error: { status: 429, message: "slow down" } },
      { error: { status: 500, message: "boom" } },
      { error: { status: 400, message: "bad input", code: "context_length_exceeded" } },
    ]);
    const e1 = await client.chat.completions.create({ model: "m", messages: user("a") }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(OpenAI.RateLimitError);
    expect((e1 as InstanceType<typeof OpenAI.RateLimitError>).status).toBe(429);
    expect((e1 as Error).message).toContain("slow down");
    await expect(client.chat.completions.create({ model: "m", messages: user("b") })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const e3 = await client.chat.completions.create({ model: "m", messages: user("c") }).catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(OpenAI.BadRequestError);
    expect((e3 as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("context_length_exceeded");
    expect(server.calls.map((c) => c.status)).toEqual([429, 500, 400]);
  });

  it("returns a malformed JSON body that the SDK fails to parse", async () => {
    server.script([{ malformed: true }]);
    const err = await client.chat.completions.create({ model: "m", messages: user("x") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/JSON|Unterminated|Unexpected/i);
    expect(server.calls[0].status).toBe(200);
  });

  it("fails loudly when the script is exhausted", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    server.script([{ content: "only one" }]);
    await client.chat.completions.create({ model: "m", messages: user("1") });
    const err = await client.chat.completions.create({ model: "m", messages: user("2") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as Error).message).toContain("fake model script exhausted: call #2 was not scripted");
    expect(server.unscriptedCalls).toBe(1);
    expect(server.calls[1].outcome).toBe("unscripted");
    expect(log).toHaveBeenCalledWith(expect.stringContaining("call #2 was not scripted"));
    expect(() => server.assertScriptConsumed()).toThrow(/1 unscripted call/);
    // exact body, for non-SDK clients
    const raw = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    expect(raw.status).toBe(500);
    expect(await raw.text()).toBe('{"error":{"message":"fake model script exhausted: call #3 was not scripted"}}');
  });

  it("honours delayMs (client timeouts can be exercised)", async () => {
    server.script([{ content: "late", delayMs: 300 }]);
    const impatient = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0, timeout: 50 });
    await expect(impatient.chat.completions.create({ model: "m", messages: user("x") })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
    server.script([{ content: "late", delayMs: 100 }]);
    const t0 = Date.now();
    const res = await client.chat.completions.create({ model: "m", messages: user("x") });
    expect(res.choices[0].message.content).toBe("late");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it("streams content and tool calls", async () => {
    server.script([{ content: "Streaming works fine, thank you very much." }, { toolCalls: [{ name: "lookup", arguments: { id: 7 } }] }]);
    const stream = await client.chat.completions.create({
      model: "m",
      messages: user("s"),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Streaming works fine, thank you very much.");
    expect(usage).toMatchObject({ total_tokens: expect.any(Number) });

    const runner = client.chat.completions.stream({ model: "m", messages: user("t") });
    const final = await runner.finalChatCompletion();
    const tc = final.choices[0].message.tool_calls?.[0];
    expect(tc?.type === "function" && tc.function).toMatchObject({ name: "lookup", arguments: '{"id":7}' });
    expect(final.choices[0].finish_reason).toBe("tool_calls");
  });

  it("holds a streamed reply after holdAfterChars until released, by the API or the control endpoint", async () => {
    for (const releaseBy of ["api", "http"] as const) {
      server.reset();
      server.script([{ content: "abcdefghijklmnopqrstuvwxyz", chunkChars: 4, holdAfterChars: 8 }]);
      const stream = await client.chat.completions.create({ model: "m", messages: user("h"), stream: true });
      const it = stream[Symbol.asyncIterator]();
      let text = "";
      while (text.length < 8) text += (await it.next()).value?.choices[0]?.delta?.content ?? "";
      expect(text).toBe("abcdefgh");
      // nothing more arrives while held: the next chunk is pending until release
      const next = it.next();
      const raced = await Promise.race([next.then(() => "chunk"), new Promise((r) => setTimeout(() => r("held"), 200))]);
      expect(raced).toBe("held");
      expect(server.held).toBe(1);
      if (releaseBy === "api") server.release();
      else expect(await (await fetch(`${server.origin}/__release`, { method: "POST" })).json()).toEqual({ ok: true, released: 1 });
      text += (await next).value?.choices[0]?.delta?.content ?? "";
      for (let r = await it.next(); !r.done; r = await it.next()) text += r.value.choices[0]?.delta?.content ?? "";
      expect(text).toBe("abcdefghijklmnopqrstuvwxyz");
      expect(server.held).toBe(0);
    }
  });

  it("lists models", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("fake-model");
    expect(server.callCount).toBe(0);
  });

  it("requires a bearer key", async () => {
    const res = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    expect(res.status).toBe(401);
    expect(server.calls[0]).toMatchObject({ apiKey: null, outcome: "unauthorized" });
  });
});

describe("expectApiKey", () => {
  it("returns 401 (AuthenticationError) for a different key and records the key used", async () => {
    const s = await startFakeModelServer({ expectApiKey: "sk-right", steps: [{ content: "ok" }] });
    try {
      const wrong = new OpenAI({ baseURL: s.url, apiKey: "sk-wrong", maxRetries: 0 });
      await expect(wrong.chat.completions.create({ model: "m", messages: user("x") })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const right = new OpenAI({ baseURL: s.url, apiKey: "sk-right", maxRetries: 0 });
      const res = await right.chat.completions.create({ model: "m", messages: user("x") });
      expect(res.choices[0].message.content).toBe("ok");
      expect(s.calls.map((c) => [c.apiKey, c.status])).toEqual([
        ["sk-wrong", 401],
        ["sk-right", 200],
      ]);
      expect(s.remainingSteps).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe("control API over HTTP", () => {
  const post = (path: string, body?: unknown) =>
    fetch(`${server.origin}${path}`, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });

  it("scripts, inspects and resets the server from another process", async () => {
    let r = await post("/__script", [{ content: "first" }, { json: { ok: true } }]);
    expect(await r.json()).toEqual({ ok: true, remainingSteps: 2 });
    r = await post("/__script?append=1", { steps: [{ toolCalls: [{ name: "t", arguments: {} }] }] });
    expect(await r.json()).toEqual({ ok: true, remainingSteps: 3 });

    const a = await client.chat.completions.create({ model: "m", messages: user("1") });
    expect(a.choices[0].message.content).toBe("first");
    const b = await client.chat.completions.create({ model: "m", messages: user("2") });
    expect(JSON.parse(b.choices[0].message.content!)).toEqual({ ok: true });

    const calls = await (await fetch(`${server.origin}/__calls`)).json();
    expect(calls).toMatchObject({ callCount: 2, unscriptedCalls: 0, remainingSteps: 1 });
    expect(calls.calls[1]).toMatchObject({ n: 2, apiKey: "test", messages: user("2") });

    // replace (not append) the queue
    await post("/__script", [{ content: "replaced" }]);
    const c = await client.chat.completions.create({ model: "m", messages: user("3") });
    expect(c.choices[0].message.content).toBe("replaced");

    expect(await (await post("/__reset")).json()).toEqual({ ok: true });
    const after = (await (await fetch(`${server.origin}/__calls`)).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ callCount: 0, unscriptedCalls: 0, remainingSteps: 0, calls: [] });
    // A call an earlier test left hanging may still be in flight: reset restarts the peak from it.
    expect(after.maxInFlight).toBe(after.inFlight);
  });

  it("rejects invalid scripts with 400", async () => {
    for (const bad of [
      { nope: 1 },
      [{ content: 1 }],
      [{ content: "a", json: {} }],
      [{ error: { status: 200, message: "x" } }],
      "not json",
    ]) {
      const r = await fetch(`${server.origin}/__script`, { method: "POST", body: typeof bad === "string" ? bad : JSON.stringify(bad) });
      expect(r.status).toBe(400);
    }
    expect(() => server.script([{ content: 5 } as never])).toThrow(/invalid fake model script/);
    expect(server.remainingSteps).toBe(0);
  });
});

describe("demo mode", () => {
  it("answers text and json_schema requests deterministically", async () => {
    const s = await startFakeModelServer({ demo: true });
    try {
      const c = new OpenAI({ baseURL: s.url, apiKey: "demo", maxRetries: 0 });
      const text = await c.chat.completions.create({ model: "m", messages: user("Summarize this ticket") });
      expect(text.choices[0].message.content).toBe('Demo reply (fake model): you said "Summarize this ticket".');
      const Triage = z.object({
        category: z.enum(["bug", "feature"]),
        summary: z.string(),
        confidence: z.number().min(0).max(1),
        tags: z.array(z.string()),
        priority: z.number().int().min(1).max(5),
        owner: z.object({ team: z.string(), email: z.string().email() }).nullable(),
      });
      const parsed = await c.chat.completions.parse({
        model: "m",
        messages: user("triage"),
        response_format: zodResponseFormat(Triage, "triage"),
      });
      const value = parsed.choices[0].message.parsed!;
      expect(Triage.parse(value)).toEqual(value);
      expect(value.confidence).toBe(0.9);
      expect(value.category).toBe("bug");
      expect(value.priority).toBe(1);
      // scripts still take precedence in demo mode
      s.script([{ content: "scripted" }]);
      const scripted = await c.chat.completions.create({ model: "m", messages: user("x") });
      expect(scripted.choices[0].message.content).toBe("scripted");
      expect(s.calls.map((x) => x.outcome)).toEqual(["demo", "demo", "scripted"]);
      expect(s.unscriptedCalls).toBe(0);
    } finally {
      await s.close();
    }
  });
});
