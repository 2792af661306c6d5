// Worker log lines carry the run, step and trace ids; the trace id is the run's trace (derived from
// the run id, the same one its spans use).
import { describe, expect, it } from "vitest";
import { runLogFields } from "@/lib/telemetry/logger";
import { runTraceIds, traceparent } from "@/lib/telemetry/trace-ids";

describe("structured logs", () => {
  it("names the run, the step and the run's trace", () => {
    const f = runLogFields({ runId: "run-1", stepKey: "orders[2]/check", error: "boom" });
    expect(f).toEqual({ run_id: "run-1", step_key: "orders[2]/check", trace_id: runTraceIds("run-1").traceId, error: "boom" });
    expect(runLogFields({ error: "no run" })).toEqual({ error: "no run" });
  });
  it("derives stable W3C ids from the run id", () => {
    const a = runTraceIds("run-1");
    expect(a).toEqual(runTraceIds("run-1"));
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(runTraceIds("run-2").traceId).not.toBe(a.traceId);
    expect(traceparent(a.traceId, a.spanId)).toBe(`00-${a.traceId}-${a.spanId}-01`);
  });
});
