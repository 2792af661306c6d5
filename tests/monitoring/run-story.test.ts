// The run view as a story, its pure parts: timeline order and nesting, handled failures, costs with
// significant digits, millisecond offsets, pseudo-models named for what they are, failure codes
// explained, wait kinds from the node-kind registry.
import { describe, expect, it } from "vitest";
import { formatCost, formatCostTick, formatOffset } from "@/lib/monitoring/format-run";
import type { StepSummary } from "@/lib/monitoring/run-view-types";
import { displayStatus, isExcludedFromSlowest, isHandledFailure, isWaitKind } from "@/lib/monitoring/step-outcome";
import { isModelName, subStepLabel } from "@/lib/monitoring/sub-step-names";
import { timelineRows } from "@/lib/monitoring/timeline-rows";
import { nodeStates } from "@/lib/monitoring/node-states";
import { explainFailure } from "@/lib/errors/step-failures";
import { NODE_KINDS } from "@/lib/model/node-kind";

const step = (stepKey: string, nodeId: string, startedAtMs: number | null, extra: Partial<StepSummary> = {}): StepSummary => ({
  stepKey,
  nodeId,
  kind: "transform",
  status: "succeeded",
  attempt: 1,
  outputHandle: "out",
  errorMessage: null,
  wakeAtMs: null,
  scheduledAtMs: startedAtMs ?? 0,
  startedAtMs,
  finishedAtMs: startedAtMs === null ? null : startedAtMs + 1,
  ...extra,
});

describe("timeline rows", () => {
  it("lists steps in start order; ties in one millisecond follow the graph, not the alphabet", () => {
    const graph = {
      nodes: [{ id: "start" }, { id: "z-check" }, { id: "a-later" }, { id: "end" }],
      edges: [
        { source: "start", target: "z-check" },
        { source: "z-check", target: "a-later" },
        { source: "a-later", target: "end" },
      ],
    };
    const rows = timelineRows(
      [step("end", "end", 30), step("a-later", "a-later", 10), step("z-check", "z-check", 10), step("start", "start", 5)],
      graph,
    );
    expect(rows.map((r) => r.step.stepKey)).toEqual(["start", "z-check", "a-later", "end"]);
  });

  it("nests a Map's items and a Loop's passes under their container, in item order, and hides skipped steps", () => {
    const rows = timelineRows(
      [
        step("start", "start", 0),
        step("orders", "orders", 1, { kind: "map" }),
        step("orders[1]/check", "check", 2),
        step("orders[0]/check", "check", 3),
        step("orders[0]/ship", "ship", 4),
        step("retry", "retry", 5, { kind: "loop" }),
        step("retry#1/call", "call", 6),
        step("retry#1/orders", "orders", 6, { kind: "map" }),
        step("retry#1/orders[0]/check", "check", 7),
        step("after", "after", 2),
        step("never", "never", null, { status: "skipped" }),
      ],
      null,
    );
    expect(rows.map((r) => [r.step.stepKey, r.depth, r.frameLabel])).toEqual([
      ["start", 0, null],
      ["orders", 0, null],
      ["orders[0]/check", 1, "item 0"],
      ["orders[0]/ship", 1, "item 0"],
      ["orders[1]/check", 1, "item 1"],
      ["after", 0, null],
      ["retry", 0, null],
      ["retry#1/call", 1, "pass 1"],
      ["retry#1/orders", 1, "pass 1"],
      ["retry#1/orders[0]/check", 2, "item 0"],
    ]);
  });

  it("orders a 1,000-item map in item order quickly", () => {
    const steps = [step("m", "m", 0, { kind: "map" })];
    for (let i = 999; i >= 0; i--) steps.push(step(`m[${i}]/x`, "x", 1000 - i));
    const t = performance.now();
    const rows = timelineRows(steps, null);
    expect(performance.now() - t).toBeLessThan(500);
    expect(rows).toHaveLength(1001);
    expect(rows[1].step.stepKey).toBe("m[0]/x");
    expect(rows[1000].step.stepKey).toBe("m[999]/x");
  });
});

describe("handled failures", () => {
  it("a failure that left through the error handle is handled, on the timeline and on the canvas", () => {
    const handled = step("call", "call", 1, { status: "failed", outputHandle: "error" });
    const failed = step("other", "other", 1, { status: "failed", outputHandle: null });
    expect(isHandledFailure(handled)).toBe(true);
    expect(displayStatus(handled)).toBe("handled");
    expect(displayStatus(failed)).toBe("failed");
    expect(nodeStates([handled, failed])).toEqual({ call: { status: "handled" }, other: { status: "failed" } });
  });
});

describe("costs and times", () => {
  it("shows sub-cent costs with three significant digits, cents with two decimals", () => {
    expect(formatCost(0.0000276)).toBe("$0.0000276");
    expect(formatCost(0.00123456)).toBe("$0.00123");
    expect(formatCost(0.5)).toBe("$0.50");
    expect(formatCost(12.345)).toBe("$12.35");
    expect(formatCost(0)).toBe("—");
    expect(formatCost(null)).toBe("—");
  });
  it("cost axis ticks differ from each other below a cent", () => {
    const ticks = [0, 0.000007, 0.000014, 0.000021, 0.000028].map(formatCostTick);
    expect(ticks[0]).toBe("$0");
    expect(new Set(ticks).size).toBe(5);
  });
  it("offsets from the run's start are to the millisecond", () => {
    expect(formatOffset(0)).toBe("+0 ms");
    expect(formatOffset(116)).toBe("+116 ms");
    expect(formatOffset(1234)).toBe("+1.234 s");
    expect(formatOffset(123_456)).toBe("+2m 03.456s");
    expect(formatOffset(3_723_000)).toBe("+1h 02m 03s");
  });
});

describe("pseudo-models", () => {
  it("an agent's tool calls, memory loads and decisions are not models and are named for what they are", () => {
    expect(isModelName("gpt-4o-mini")).toBe(true);
    expect(isModelName("decision:ok")).toBe(false);
    expect(subStepLabel("decision:ok")).toBe("Agent decision: ok");
    expect(subStepLabel("tool:lookup")).toBe("Tool call: lookup");
    expect(subStepLabel("memory:load")).toBe("Memory load");
  });
});

describe("failure codes", () => {
  it("explains step codes, expression codes and catalogue codes, with what to do", () => {
    expect(explainFailure("http_4xx")?.todo).toMatch(/Fix the request/);
    expect(explainFailure("expression_syntax")?.explain).toMatch(/expression/);
    expect(explainFailure("model_401")).toEqual(explainFailure("model_error"));
    expect(explainFailure("task_closed")?.explain).toMatch(/already been decided/);
    expect(explainFailure("no_such_code_x")).toBeNull();
    expect(explainFailure(null)).toBeNull();
  });
});

describe("wait kinds come from the node-kind registry", () => {
  it("parking kinds are waits; containers are not (their children are shown); start/end are left out of slowest", () => {
    const waits = NODE_KINDS.filter(isWaitKind);
    expect(waits).toEqual(expect.arrayContaining(["approval", "delay", "wait_until", "wait_event", "wait_callback", "subworkflow"]));
    expect(waits).not.toContain("loop");
    expect(waits).not.toContain("http");
    for (const k of ["start", "end", "approval", "loop", "map"]) expect(isExcludedFromSlowest(k)).toBe(true);
    for (const k of ["http", "agent", "transform", "condition"]) expect(isExcludedFromSlowest(k)).toBe(false);
  });
});
