// Pure parts of monitoring: secret masking, node states with iterations, live event patches,
// SSE batch framing, topic parsing.
import { describe, expect, it } from "vitest";
import { maskSecrets, MASKED } from "@/lib/monitoring/mask-secrets";
import { applyStepEvent, nodeStates, takenEdges } from "@/lib/monitoring/node-states";
import type { StepSummary, StepViewStatus } from "@/lib/monitoring/run-view-types";
import { formatBatch } from "@/lib/monitoring/sse-stream";
import { parseTopic, topicListSchema } from "@/lib/monitoring/topics";

const step = (stepKey: string, nodeId: string, status: StepViewStatus, extra: Partial<StepSummary> = {}): StepSummary => ({
  stepKey,
  nodeId,
  kind: "transform",
  status,
  attempt: 1,
  outputHandle: status === "succeeded" ? "out" : null,
  errorMessage: null,
  wakeAtMs: null,
  scheduledAtMs: 1,
  startedAtMs: 1,
  finishedAtMs: status === "succeeded" ? 2 : null,
  ...extra,
});

describe("maskSecrets", () => {
  it("masks secret-looking keys and token-looking strings, deeply, without touching the rest", () => {
    const input = {
      headers: { Authorization: "Bearer abc", "X-Api-Key": "k", accept: "json" },
      nested: [{ password: "p", note: "use sk-abcdefghijklmnopqrstuv please", token: "" }],
      credentialId: "cred-1",
      count: 3,
    };
    expect(maskSecrets(input)).toEqual({
      headers: { Authorization: MASKED, "X-Api-Key": MASKED, accept: "json" },
      nested: [{ password: MASKED, note: `use ${MASKED} please`, token: "" }],
      credentialId: "cred-1",
      count: 3,
    });
    expect(input.headers.Authorization).toBe("Bearer abc"); // not mutated
  });
  it("survives hostile depth", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 200; i++) deep = { a: deep };
    expect(() => maskSecrets(deep)).not.toThrow();
  });
});

describe("node states", () => {
  it("folds iterations: an open iteration wins, counts and highest attempt are shown", () => {
    const s = nodeStates([
      step("start", "start", "succeeded"),
      step("loop#0", "loop", "succeeded", { scheduledAtMs: 1 }),
      step("loop#1", "loop", "running", { scheduledAtMs: 2, attempt: 3 }),
      step("x", "x", "failed", { attempt: 2 }),
    ]);
    expect(s).toEqual({
      start: { status: "succeeded" },
      loop: { status: "running", iterations: 2, attempt: 3 },
      x: { status: "failed", attempt: 2 },
    });
  });
  it("takes edges by output handle only when the target was reached", () => {
    const edges = [
      { id: "a", source: "c", sourceHandle: "yes", target: "y" },
      { id: "b", source: "c", sourceHandle: "else", target: "n" },
    ];
    const steps = [step("c", "c", "succeeded", { outputHandle: "yes" }), step("y", "y", "running"), step("n", "n", "skipped")];
    expect(takenEdges(edges, steps)).toEqual(new Set(["a"]));
  });
  it("patches steps from live events, adding unknown steps", () => {
    const base = [step("a", "a", "running")];
    const done = applyStepEvent(base, {
      id: 9,
      runId: "r",
      type: "step.succeeded",
      stepKey: "a",
      data: { handle: "out", attempt: 1 },
      atMs: 50,
    });
    expect(done[0]).toMatchObject({ status: "succeeded", outputHandle: "out", finishedAtMs: 50 });
    expect(base[0].status).toBe("running");
    const added = applyStepEvent(done, { id: 10, runId: "r", type: "step.started", stepKey: "b", data: { attempt: 1 }, atMs: 60 });
    expect(added[1]).toMatchObject({ stepKey: "b", nodeId: "b", status: "running", startedAtMs: 60 });
    expect(applyStepEvent(added, { id: 11, runId: "r", type: "run.succeeded", stepKey: null, data: {}, atMs: 70 })).toBe(added);
  });
});

describe("SSE framing and topics", () => {
  it("frames a batch per topic and puts the cursor on the last frame only", () => {
    const ev = (id: number, runId: string, type: string) => ({ id, runId, type, stepKey: "s", data: { taskId: "t1" }, atMs: 1 });
    const text = formatBatch(
      [ev(5, "r1", "step.started"), ev(6, "r2", "task.created")],
      [parseTopic("run:r1")!, parseTopic("runs")!, parseTopic("inbox")!],
      6,
    );
    const frames = text.trim().split("\n\n");
    expect(frames.map((f) => /event: (.*)/.exec(f)![1])).toEqual(["run-event", "runs", "inbox"]);
    expect(frames.slice(0, 2).some((f) => f.includes("id:"))).toBe(false);
    expect(frames[2]).toMatch(/^id: 6\n/);
    expect(JSON.parse(/data: (.*)/.exec(frames[1])![1])).toEqual({
      runIds: ["r1", "r2"],
      types: ["step.started", "task.created"],
      maxEventId: 6,
    });
    expect(JSON.parse(/data: (.*)/.exec(frames[2])![1]).changes).toEqual([
      { type: "task.created", runId: "r2", stepKey: "s", taskId: "t1" },
    ]);
  });
  it("parses topic lists and names the bad entry", () => {
    expect(topicListSchema.parse("run:abc-1, runs,runs")).toEqual([{ kind: "run", runId: "abc-1" }, { kind: "runs" }]);
    const bad = topicListSchema.safeParse("runs,run:../x");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/run:\.\.\/x/);
    expect(
      topicListSchema.safeParse(
        Array(9)
          .fill("runs")
          .map((r, i) => (i ? `run:r${i}` : r))
          .join(","),
      ).success,
    ).toBe(false);
  });
});
