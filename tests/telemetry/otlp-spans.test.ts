// Traces over OTLP/HTTP, checked by a local receiver: a run with an agent (fake model) and an HTTP
// call gives one trace — the run span at its root, a span per step under it, the model call (GenAI
// semantic conventions) and the HTTP call (HTTP client conventions) under their steps — and the
// HTTP call carried the W3C traceparent of its span to the server.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startSink, type Sink } from "@/tests/engine/helpers/sink";
import { graph } from "@/tests/engine/helpers/graph";
import { OtelTelemetry } from "@/lib/telemetry/otel-telemetry";
import { createTracer, type TracerHandle } from "@/lib/telemetry/tracer";
import { createMetrics, type Metrics } from "@/lib/telemetry/metrics";
import { runTraceIds } from "@/lib/telemetry/trace-ids";
import { createAgentHarness, MODEL, type AgentHarness } from "@/tests/ai/helpers/agent-harness";
import { agentConfig, final } from "@/tests/ai/helpers/agent-graph";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "./otlp-receiver";

describeEachDb("OpenTelemetry traces", (dialect) => {
  let h: AgentHarness;
  let sink: Sink;
  let otlp: OtlpReceiver;
  let tracer: TracerHandle;
  let metrics: Metrics;
  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    sink = await startSink();
    tracer = createTracer({ endpoint: otlp.url, serviceName: "switchyard-test", scheduledDelayMillis: 50 });
    metrics = createMetrics();
    h = await createAgentHarness(dialect, { telemetry: new OtelTelemetry({ tracer, metrics }) });
  });
  afterAll(async () => {
    await h?.close();
    await tracer?.shutdown();
    await sink?.close();
    await otlp?.close();
  });

  it("a run with an agent and an HTTP call is one trace: run → steps → model call / HTTP call", async () => {
    const doc = graph()
      .start()
      .node({ id: "agent", kind: "agent", name: "Agent", config: agentConfig(h.providerId) })
      .node({
        id: "notify",
        kind: "http",
        name: "Notify",
        config: {
          method: "POST",
          url: `${sink.url}/notify`,
          headers: [],
          body: "$.steps.Agent.output.answer",
          timeoutMs: 5000,
          responseType: "json",
        },
      })
      .end("done", "$.steps.Notify.output")
      .edge("start", "agent")
      .edge("agent", "notify", "ok")
      .edge("notify", "done")
      .build();
    const { versionId } = await h.publish(doc);
    h.model.script([{ ...final("approve", 0.9), usage: { prompt_tokens: 321, completion_tokens: 12 } }]);
    const run = await h.start(versionId, { claimId: "T-1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    await tracer.flush();

    const { traceId, spanId: runSpanId } = runTraceIds(run.id);
    let spans: ReceivedSpan[] = [];
    await expect
      .poll(
        async () => {
          await tracer.flush();
          spans = otlp.spans.filter((s) => s.traceId === traceId);
          return spans.some((s) => s.name === "run");
        },
        { timeout: 5000 },
      )
      .toBe(true);
    const byName = (n: string) => spans.filter((s) => s.name === n);

    // the run: root of its trace, with the ids derived from the run id
    const [root] = byName("run");
    expect(root).toMatchObject({ spanId: runSpanId, parentSpanId: null, service: "switchyard-test" });
    expect(root.attributes).toMatchObject({ "switchyard.run.id": run.id, "switchyard.run.status": "succeeded" });

    // every step the worker ran under the run
    expect(spans.map((s) => s.name).sort()).toEqual(expect.arrayContaining(["run", "step agent", "step notify", "step done"]));
    for (const id of ["agent", "notify", "done"]) {
      const [s] = byName(`step ${id}`);
      expect(s, `step ${id}`).toBeDefined();
      expect(s.parentSpanId).toBe(runSpanId);
      expect(s.attributes["switchyard.node.id"]).toBe(id);
      expect(s.startMs).toBeGreaterThanOrEqual(root.startMs);
      expect(s.endMs).toBeLessThanOrEqual(root.endMs + 1);
    }
    const agentStep = byName("step agent")[0];
    const notifyStep = byName("step notify")[0];
    expect(agentStep.attributes["switchyard.node.kind"]).toBe("agent");

    // the model call under the agent's step (GenAI semantic conventions)
    const [chat] = byName(`chat ${MODEL}`);
    expect(chat.parentSpanId).toBe(agentStep.spanId);
    expect(chat.kind).toBe(3); // CLIENT
    expect(chat.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": MODEL,
      "gen_ai.usage.input_tokens": 321,
      "gen_ai.usage.output_tokens": 12,
    });

    // the HTTP call under the HTTP step, and its traceparent reached the server
    const [post] = spans.filter((s) => s.name.startsWith("POST "));
    expect(post.parentSpanId).toBe(notifyStep.spanId);
    expect(post.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.response.status_code": 200,
      "url.full": `${sink.url}/notify`,
    });
    const sent = sink.requests.find((r) => r.path === "/notify");
    expect(sent?.traceparent).toBe(`00-${traceId}-${post.spanId}-01`);

    // and the metrics saw the same run
    const text = await metrics.registry.metrics();
    expect(text).toMatch(new RegExp(`switchyard_model_tokens_total\\{model="${MODEL}",type="input"\\} 321`));
    expect(text).toMatch(/switchyard_step_duration_seconds_count\{kind="http",status="succeeded"\} 1/);
  });
});
