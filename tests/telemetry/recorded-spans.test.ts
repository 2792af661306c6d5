// The spans written after the fact (steps a commit finished in memory, the run's root span) go
// straight to the batch processor, without the tracer: they must come out as the tracer would have
// written them — ids derived from the run, parent, times, attributes, status — and live spans of
// effect steps must still be written once.
import { describe, expect, it } from "vitest";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { StepEnded } from "@/lib/engine/telemetry";
import { OtelTelemetry } from "@/lib/telemetry/otel-telemetry";
import { createTracer } from "@/lib/telemetry/tracer";
import { runTraceIds } from "@/lib/telemetry/trace-ids";

function setup() {
  const exporter = new InMemorySpanExporter();
  const tracer = createTracer({ exporter, serviceName: "recorded-test" });
  const telemetry = new OtelTelemetry({ tracer, metrics: null });
  const spans = async (): Promise<ReadableSpan[]> => {
    await tracer.flush();
    return exporter.getFinishedSpans();
  };
  return { tracer, telemetry, spans };
}

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;

function step(o: Partial<StepEnded> & { stepKey: string }): StepEnded {
  return {
    runId: "run-1",
    workflowId: "wf-1",
    nodeId: o.stepKey,
    kind: "transform",
    attempt: 1,
    status: "succeeded",
    outputHandle: "out",
    startedAtMs: T0,
    finishedAtMs: T0 + 7,
    error: null,
    ...o,
  };
}

describe("recorded spans", () => {
  it("steps finished in memory are children of the run's root span, with their times, attributes and status", async () => {
    const { telemetry, spans, tracer } = setup();
    telemetry.stepsCommitted("wf-1", [
      step({ stepKey: "t1" }),
      step({ stepKey: "t2", status: "failed", outputHandle: "error", error: { message: "bad", code: "E_BAD" } }),
      step({ stepKey: "t3", status: "failed", outputHandle: null, error: new Error("boom") }),
    ]);
    telemetry.runEnded({
      runId: "run-1",
      workflowId: "wf-1",
      versionId: "v-1",
      status: "failed",
      trigger: "manual",
      startedAtMs: T0 - 5,
      finishedAtMs: T0 + 20,
      error: { message: "step t3 failed" },
    });
    const out = await spans();
    const { traceId, spanId } = runTraceIds("run-1");
    const by = (n: string) => out.find((s) => s.name === n)!;
    expect(out.map((s) => s.name).sort()).toEqual(["run", "step t1", "step t2", "step t3"]);

    const run = by("run");
    expect(run.spanContext()).toMatchObject({ traceId, spanId, traceFlags: 1 });
    expect(run.parentSpanContext).toBeUndefined();
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect([ms(run.startTime), ms(run.endTime)]).toEqual([T0 - 5, T0 + 20]);
    expect(run.status).toEqual({ code: SpanStatusCode.ERROR, message: "step t3 failed" });
    expect(run.attributes).toEqual({
      "switchyard.run.id": "run-1",
      "switchyard.workflow.id": "wf-1",
      "switchyard.version.id": "v-1",
      "switchyard.run.status": "failed",
      "switchyard.run.trigger": "manual",
    });
    expect(run.resource.attributes["service.name"]).toBe("recorded-test");
    expect(run.instrumentationScope.name).toBe("switchyard");

    const t1 = by("step t1");
    expect(t1.spanContext().traceId).toBe(traceId);
    expect(t1.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(t1.parentSpanContext).toMatchObject({ traceId, spanId });
    expect([ms(t1.startTime), ms(t1.endTime), ms(t1.duration)]).toEqual([T0, T0 + 7, 7]);
    expect(t1.status.code).toBe(SpanStatusCode.UNSET);
    expect(t1.attributes).toEqual({
      "switchyard.run.id": "run-1",
      "switchyard.workflow.id": "wf-1",
      "switchyard.step.key": "t1",
      "switchyard.node.id": "t1",
      "switchyard.node.kind": "transform",
      "switchyard.step.attempt": 1,
      "switchyard.step.status": "succeeded",
    });

    // a failure its error edge handled is not an error span, but says what it was
    expect(by("step t2").status.code).toBe(SpanStatusCode.UNSET);
    expect(by("step t2").attributes).toMatchObject({ "switchyard.step.status": "handled", "error.type": "E_BAD" });
    expect(by("step t3").status).toEqual({ code: SpanStatusCode.ERROR, message: "boom" });
    expect(by("step t3").attributes).toMatchObject({ "switchyard.step.status": "failed", "error.type": "error" });

    expect(new Set(out.map((s) => s.spanContext().spanId)).size).toBe(4);
    await tracer.shutdown();
  });

  it("an effect step's live span is written once, with its model-call child, and not again from the commit", async () => {
    const { telemetry, spans, tracer } = setup();
    const info = { runId: "run-2", workflowId: "wf-1", stepKey: "agent", nodeId: "agent", kind: "agent", attempt: 1 };
    const live = telemetry.startStep(info);
    await live.trace.span("chat m", { "gen_ai.request.model": "m" }, async () => undefined);
    live.end({ ok: true });
    telemetry.stepsCommitted("wf-1", [step({ ...info, startedAtMs: T0, finishedAtMs: T0 + 3 })]);
    const out = await spans();
    const { traceId, spanId } = runTraceIds("run-2");
    expect(out.map((s) => s.name).sort()).toEqual(["chat m", "step agent"]);
    const agent = out.find((s) => s.name === "step agent")!;
    expect(agent.parentSpanContext).toMatchObject({ traceId, spanId });
    expect(out.find((s) => s.name === "chat m")!.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    await tracer.shutdown();
  });

  it("the run's root span covers a live child even when the run's end (database clock) trails the process clock", async () => {
    const { telemetry, spans, tracer } = setup();
    const info = { runId: "run-3", workflowId: "wf-1", stepKey: "http", nodeId: "http", kind: "http", attempt: 1 };
    const live = telemetry.startStep(info);
    live.end({ ok: true });
    const trailing = Date.now() - 5; // a lower bound of the database's time, read a round trip ago
    telemetry.stepsCommitted("wf-1", [step({ ...info, startedAtMs: trailing - 10, finishedAtMs: trailing - 1 })]);
    telemetry.runEnded({
      runId: "run-3",
      workflowId: "wf-1",
      versionId: "v-1",
      status: "succeeded",
      trigger: "manual",
      startedAtMs: trailing - 20,
      finishedAtMs: trailing,
      error: null,
    });
    const out = await spans();
    const run = out.find((s) => s.name === "run")!;
    const child = out.find((s) => s.name === "step http")!;
    expect(ms(run.endTime)).toBeGreaterThanOrEqual(ms(child.endTime));
    expect(ms(run.startTime)).toBe(trailing - 20);
    await tracer.shutdown();
  });

  it("random span ids do not repeat across many spans", async () => {
    const { telemetry, spans, tracer } = setup();
    const steps = Array.from({ length: 600 }, (_, i) => step({ stepKey: `s${i}` }));
    telemetry.stepsCommitted("wf-1", steps);
    const ids = (await spans()).map((s) => s.spanContext().spanId);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
    await tracer.shutdown();
  });
});
