// planRedrive is pure: which rows a retry resets, to what, and which tasks it reopens.
import { describe, expect, it } from "vitest";
import { planRedrive } from "@/lib/engine/retry-failed";
import type { RedriveContext, RunRecord, StepRecord } from "@/lib/engine/ports";

const run = { id: "r1", workflowId: "w", versionId: "v", status: "failed", error: { message: "boom" } } as RunRecord;
function step(stepKey: string, kind: string, status: StepRecord["status"], extra: Partial<StepRecord> = {}): StepRecord {
  return {
    id: `id-${stepKey}`,
    runId: "r1",
    stepKey,
    nodeId: stepKey,
    kind,
    status,
    attempt: 1,
    input: { url: "x" },
    output: null,
    outputHandle: null,
    error: null,
    idempotencyKey: `r1:${stepKey}:1`,
    wakeAtMs: null,
    scheduledAtMs: 1,
    startedAtMs: 1,
    finishedAtMs: 5,
    ...extra,
  };
}

describe("planRedrive", () => {
  it("resets failed and cancelled steps, reopens cancelled tasks, leaves finished work alone", () => {
    const ctx: RedriveContext = {
      run,
      now: 1000,
      steps: [
        step("start", "start", "succeeded", { outputHandle: "out" }),
        step("ok", "http", "succeeded", { outputHandle: "out" }),
        step("routed", "http", "failed", { outputHandle: "error", output: { error: { message: "x" } } }),
        step("bad", "http", "failed", { attempt: 3, error: { message: "500" } }),
        step("inflight", "http", "cancelled"),
        step("backoff", "http", "cancelled", { error: { message: "503", code: "http_5xx" } }),
        step("ap", "approval", "cancelled", { attempt: 1 }),
        step("decided", "approval", "cancelled", { attempt: 1 }),
        step("timer", "delay", "cancelled"),
      ],
      tasks: [
        { id: "t-ap", stepKey: "ap", status: "cancelled", dueAtMs: 5000 },
        { id: "t-decided", stepKey: "decided", status: "approved", dueAtMs: null },
      ],
    };
    const p = planRedrive(ctx, "u1");
    const to = Object.fromEntries(p.steps.map((s) => [s.step.stepKey, [s.fromStatus, s.step.status, s.step.wakeAtMs, s.step.attempt]]));
    expect(to).toEqual({
      bad: ["failed", "pending", null, 3],
      inflight: ["cancelled", "running", null, 1],
      backoff: ["cancelled", "waiting", 1000, 1],
      ap: ["cancelled", "waiting", 5000, 1],
      decided: ["cancelled", "waiting", 1000, 1],
      timer: ["cancelled", "pending", null, 1],
    });
    expect(p.steps.every((s) => s.step.finishedAtMs === null)).toBe(true);
    expect(p.steps.find((s) => s.step.stepKey === "inflight")!.step.idempotencyKey).toBe("r1:inflight:1");
    expect(p.reopenTaskIds).toEqual(["t-ap"]);
    expect(p.events[0]).toMatchObject({ type: "run.retried", data: { by: "u1", failedSteps: ["bad"] } });
    expect(p.audit).toMatchObject({ action: "run.retried", actorId: "u1", targetId: "r1" });
  });

  it("refuses when no step failed (the run failed before any step ran)", () => {
    expect(() => planRedrive({ run, now: 1, steps: [step("start", "start", "succeeded")], tasks: [] }, null)).toThrow(/no failed step/);
  });
});
