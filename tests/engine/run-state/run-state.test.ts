// RunState without a database: one table row per node kind (and per behaviour worth pinning), each
// building a RunState directly, feeding it effect results, decisions, child-run ends, time and crashes
// (RunSim), and asserting the decisions it takes — steps written, effects launched, run status. The
// same semantics are tested end to end on SQLite and PostgreSQL in tests/engine/*.test.ts.
import { describe, expect, it } from "vitest";
import { NODE_KINDS, type NodeKind } from "@/lib/model/node-kind";
import { nodeKinds } from "@/lib/model/node-kinds";
import { RetryableError } from "@/lib/engine/errors";
import { MAX_DELIVERIES } from "@/lib/engine/recovery";
import { graph } from "../helpers/graph";
import { CALLBACK_TOKEN_PATTERN, callbackPath, callbackWaitKey, eventWaitKey } from "@/lib/model/wait-keys";
import { RunSim, T0 } from "./run-sim";

const approval = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "approval",
  config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Check {{ $.input.n }}", payload: "$.input", ...extra },
});
const http = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "http",
  config: { method: "POST", url: "https://api.example.test/{{ $.input.n }}", body: "{ 'n': $.input.n }" },
  ...extra,
});
const paidSchema = { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] };
const retry = { maxAttempts: 3, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 60_000, jitter: 0 };

interface Case {
  kind: NodeKind;
  name: string;
  graph: Record<string, unknown>;
  input?: unknown;
  play(sim: RunSim): Promise<void>;
}

const cases: Case[] = [
  {
    kind: "start",
    name: "a start → end run settles in one pass with no effect and succeeds",
    graph: graph().start().end("end", "$.input.n * 2").chain("start", "end").build(),
    input: { n: 21 },
    async play(sim) {
      expect(await sim.advance()).toEqual([]);
      expect(sim.picture()).toEqual(["end=succeeded", "start=succeeded"]);
      expect(sim.run.status).toBe("succeeded");
      expect(sim.run.output).toBe(42);
      expect(sim.events).toEqual(["step.succeeded:start", "step.succeeded:end", "run.succeeded"]);
    },
  },
  {
    kind: "end",
    name: "the End reached last (by completion, then position) gives the run's output",
    graph: graph()
      .start()
      .node(http("call"))
      .end("early", "'early'")
      .end("late", "'late'")
      .edge("start", "early")
      .edge("start", "call")
      .edge("call", "late")
      .build(),
    async play(sim) {
      expect(await sim.advance()).toEqual(["call"]);
      expect(sim.run.status).toBe("running");
      expect(sim.step("early").status).toBe("succeeded");
      sim.now += 10;
      await sim.complete("call", { ok: true, output: {} });
      expect(sim.run.status).toBe("succeeded");
      expect(sim.run.output).toBe("late");
    },
  },
  {
    kind: "transform",
    name: "a transform chain settles in one pass; each step sees the outputs before it",
    graph: graph()
      .start()
      .transform("a", "$.input.n + 1")
      .transform("b", "$.steps.a.output * 10")
      .end("end", "$.steps.b.output")
      .chain("start", "a", "b", "end")
      .build(),
    input: { n: 1 },
    async play(sim) {
      await sim.advance();
      expect(sim.step("b").output).toBe(20);
      expect(sim.run).toMatchObject({ status: "succeeded", output: 20 });
    },
  },
  {
    kind: "transform",
    name: "an expression error fails the step and the run without retrying (deterministic) and skips nothing after",
    graph: graph().start().transform("bad", "$error('nope')").end("end").chain("start", "bad", "end").build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("bad")).toMatchObject({ status: "failed", attempt: 1 });
      expect(sim.steps.has("end")).toBe(false);
      expect(sim.run.status).toBe("failed");
      expect(sim.run.error).toMatchObject({ stepKey: "bad" });
    },
  },
  {
    kind: "transform",
    name: "a failure routed down an error edge continues the run",
    graph: graph()
      .start()
      .transform("bad", "$error('nope')")
      .end("end", "$.steps.bad.output.error.message")
      .chain("start", "bad")
      .edge("bad", "end", "error")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("bad")).toMatchObject({ status: "failed", outputHandle: "error" });
      expect(sim.run.status).toBe("succeeded");
      expect(String(sim.run.output)).toContain("nope");
    },
  },
  {
    kind: "condition",
    name: "a condition takes the first true branch; the untaken branch is skipped (dead-path elimination)",
    graph: graph()
      .start()
      .node({ id: "cond", kind: "condition", config: { branches: [{ id: "big", label: "Big", expression: "$.input.n > 100" }] } })
      .transform("a", "'big'")
      .transform("b", "'small'")
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .end("end", "$.steps.j.output")
      .edge("start", "cond")
      .edge("cond", "a", "big")
      .edge("cond", "b", "else")
      .chain("a", "j")
      .chain("b", "j", "end")
      .build(),
    input: { n: 5 },
    async play(sim) {
      await sim.advance();
      expect(sim.step("cond")).toMatchObject({ outputHandle: "else" });
      expect(sim.step("a").status).toBe("skipped");
      expect(sim.run).toMatchObject({ status: "succeeded", output: { b: "small" } });
    },
  },
  {
    kind: "join",
    name: "join any fires on the first taken edge while the other branch still waits; all waits for both",
    graph: graph()
      .start()
      .node(approval("ap"))
      .transform("fast", "'fast'")
      .node({ id: "any", kind: "join", config: { mode: "any" } })
      .node({ id: "all", kind: "join", config: { mode: "all" } })
      .end("end", "$keys($.steps.any.output)")
      .edge("start", "ap")
      .edge("start", "fast")
      .edge("ap", "any", "approved")
      .edge("fast", "any")
      .edge("ap", "all", "approved")
      .edge("fast", "all")
      .chain("all", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("any")).toMatchObject({ status: "succeeded", output: { fast: "fast" } });
      expect(sim.steps.has("all")).toBe(false);
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "task" });
      await sim.decide("ap", "approved", { decision: "approve" });
      expect(sim.step("all").status).toBe("succeeded");
      expect(sim.step("any").output).toEqual({ fast: "fast" });
      expect(sim.run).toMatchObject({ status: "succeeded", output: "fast" });
    },
  },
  {
    kind: "join",
    name: "join first_n is skipped when fewer than n edges can still be taken",
    graph: graph()
      .start()
      .node({ id: "cond", kind: "condition", config: { branches: [{ id: "yes", label: "Yes", expression: "false" }] } })
      .transform("a", "1")
      .transform("b", "2")
      .node({ id: "two", kind: "join", config: { mode: "first_n", n: 2 } })
      .end("end")
      .edge("start", "cond")
      .edge("cond", "a", "yes")
      .edge("cond", "b", "else")
      .chain("a", "two")
      .chain("b", "two", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("two").status).toBe("skipped");
      expect(sim.step("end").status).toBe("skipped");
      expect(sim.run.status).toBe("succeeded");
    },
  },
  {
    kind: "delay",
    name: "a delay parks the step with a timer (no task) and continues when the timer is due",
    graph: graph()
      .start()
      .node({ id: "d", kind: "delay", config: { durationMs: 60_000 } })
      .end("end", "'done'")
      .chain("start", "d", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("d")).toMatchObject({ status: "waiting", wakeAtMs: T0 + 60_000 });
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "timer" });
      expect(sim.state.nextWakeAt()).toBe(T0 + 60_000);
      await sim.later(59_999);
      expect(sim.step("d").status).toBe("waiting");
      await sim.later(1);
      expect(sim.run).toMatchObject({ status: "succeeded", output: "done" });
    },
  },
  {
    kind: "wait_until",
    name: "wait_until in the past continues at once; in the future it waits for its timer",
    graph: graph()
      .start()
      .node({ id: "past", kind: "wait_until", config: { until: "'2001-01-01T00:00:00Z'" } })
      .node({ id: "w", kind: "wait_until", config: { until: "'2030-01-02T00:00:00Z'" } })
      .end("end", "'done'")
      .chain("start", "past", "w", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("past").status).toBe("succeeded");
      expect(sim.step("w")).toMatchObject({ status: "waiting", wakeAtMs: Date.UTC(2030, 0, 2) });
      await sim.later(86_400_000);
      expect(sim.run.status).toBe("succeeded");
    },
  },
  {
    kind: "wait_event",
    name: "a Wait for event parks on its event and correlation key, then takes the delivered data as its output",
    graph: graph()
      .start()
      .node({
        id: "we",
        kind: "wait_event",
        config: { event: "order.paid", correlation: "$.input.orderId", timeoutMs: 60_000, outputSchema: paidSchema },
      })
      .end("end", "$.steps.we.output.amount")
      .end("late", "'timed out'")
      .edge("start", "we")
      .edge("we", "end")
      .edge("we", "late", "timeout")
      .build(),
    input: { orderId: "o-7" },
    async play(sim) {
      expect(await sim.advance()).toEqual([]);
      expect(sim.step("we")).toMatchObject({
        status: "waiting",
        wakeAtMs: T0 + 60_000,
        input: {
          waitKey: eventWaitKey("order.paid", "o-7"),
          event: "order.paid",
          key: "o-7",
          timeoutAt: new Date(T0 + 60_000).toISOString(),
        },
      });
      expect(sim.run.status).toBe("waiting");
      expect(sim.state.nextWakeAt()).toBe(T0 + 60_000);
      await sim.crash(); // a reloaded run keeps waiting on the same key: the park is a row
      expect(sim.step("we")).toMatchObject({ status: "waiting", input: { waitKey: eventWaitKey("order.paid", "o-7") } });
      sim.now += 1_000;
      await sim.deliver("we", "event", { amount: 12 });
      expect(sim.step("we")).toMatchObject({ status: "succeeded", output: { amount: 12 }, outputHandle: "out" });
      expect(sim.run).toMatchObject({ status: "succeeded", output: 12 });
      expect(sim.step("late").status).toBe("skipped"); // the branch not taken
    },
  },
  {
    kind: "wait_event",
    name: "no event by the deadline routes down timeout; an event without a correlation waits on the name alone",
    graph: graph()
      .start()
      .node({ id: "we", kind: "wait_event", config: { event: "order.paid", timeoutMs: 60_000 } })
      .end("end", "'got it'")
      .end("late", "$.steps.we.output.timedOutAt")
      .edge("start", "we")
      .edge("we", "end")
      .edge("we", "late", "timeout")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("we").input).toMatchObject({ waitKey: eventWaitKey("order.paid", null), key: null });
      await sim.later(59_999);
      expect(sim.step("we").status).toBe("waiting");
      await sim.later(1);
      expect(sim.step("we")).toMatchObject({ status: "succeeded", outputHandle: "timeout" });
      expect(sim.run).toMatchObject({ status: "succeeded", output: new Date(T0 + 60_000).toISOString() });
    },
  },
  {
    kind: "wait_event",
    name: "a correlation that is not a string or number fails the step when it parks",
    graph: graph()
      .start()
      .node({ id: "we", kind: "wait_event", config: { event: "order.paid", correlation: "$.input" } })
      .end("end")
      .chain("start", "we", "end")
      .build(),
    input: { n: 1 },
    async play(sim) {
      await sim.advance();
      expect(sim.step("we")).toMatchObject({ status: "failed", error: { code: "bad_correlation_key" } });
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "wait_event",
    name: "event data off the node's schema fails the step",
    graph: graph()
      .start()
      .node({ id: "we", kind: "wait_event", config: { event: "order.paid", outputSchema: paidSchema } })
      .end("end")
      .chain("start", "we", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      await sim.deliver("we", "event", { amount: "twelve" });
      expect(sim.step("we")).toMatchObject({ status: "failed", error: { code: "event_data_invalid" } });
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "wait_callback",
    name: "a Wait for callback parks with a fresh callback URL and takes the POSTed body as its output",
    graph: graph()
      .start()
      .node({ id: "cb", kind: "wait_callback", config: { timeoutMs: 60_000, bodySchema: paidSchema } })
      .end("end", "$.steps.cb.output.amount")
      .chain("start", "cb", "end")
      .build(),
    async play(sim) {
      expect(await sim.advance()).toEqual([]);
      const input = sim.step("cb").input as { waitKey: string; callbackPath: string; timeoutMs: number };
      const token = input.callbackPath.split("/").pop()!;
      expect(token).toMatch(CALLBACK_TOKEN_PATTERN);
      expect(input).toMatchObject({ waitKey: callbackWaitKey(token), callbackPath: callbackPath(token), timeoutMs: 60_000 });
      expect(sim.step("cb")).toMatchObject({ status: "waiting", wakeAtMs: T0 + 60_000 });
      expect(sim.run.status).toBe("waiting");
      await sim.crash(); // the token was committed with the park: a reload keeps it
      expect((sim.step("cb").input as { callbackPath: string }).callbackPath).toBe(input.callbackPath);
      await sim.deliver("cb", "callback", { amount: 3 });
      expect(sim.step("cb")).toMatchObject({ status: "succeeded", output: { amount: 3 }, outputHandle: "out" });
      expect(sim.run).toMatchObject({ status: "succeeded", output: 3 });
    },
  },
  {
    kind: "wait_callback",
    name: "a heartbeat moves the deadline; without a callback the step then times out; two parks draw two tokens",
    graph: graph()
      .start()
      .node({ id: "cb", kind: "wait_callback", config: { timeoutMs: 60_000 } })
      .node({ id: "cb2", kind: "wait_callback", config: {} })
      .end("end", "'called'")
      .end("late", "'timed out'")
      .edge("start", "cb")
      .edge("start", "cb2")
      .edge("cb", "end")
      .edge("cb", "late", "timeout")
      .build(),
    async play(sim) {
      await sim.advance();
      const path1 = (sim.step("cb").input as { callbackPath: string }).callbackPath;
      const path2 = (sim.step("cb2").input as { callbackPath: string }).callbackPath;
      expect(path1).not.toBe(path2);
      expect(sim.step("cb2")).toMatchObject({ status: "waiting", wakeAtMs: null });
      sim.heartbeat("cb", T0 + 90_000);
      await sim.later(60_000);
      expect(sim.step("cb").status).toBe("waiting");
      await sim.later(30_000);
      expect(sim.step("cb")).toMatchObject({
        status: "succeeded",
        outputHandle: "timeout",
        output: { timedOutAt: new Date(T0 + 90_000).toISOString() },
      });
      expect(sim.step("late").status).toBe("succeeded");
      expect(sim.run.status).toBe("waiting"); // cb2 waits without a limit
      await sim.deliver("cb2", "callback", null);
      expect(sim.run.status).toBe("succeeded");
    },
  },
  {
    kind: "wait_callback",
    name: "a body off the schema that reached the row anyway (schema changed since) fails the step",
    graph: graph()
      .start()
      .node({ id: "cb", kind: "wait_callback", config: { bodySchema: paidSchema } })
      .end("end")
      .chain("start", "cb", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      await sim.deliver("cb", "callback", { amount: "three" });
      expect(sim.step("cb")).toMatchObject({ status: "failed", error: { code: "callback_body_invalid" } });
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "approval",
    name: "an approval opens a task and routes down the decided handle",
    graph: graph()
      .start()
      .node(approval("ap"))
      .end("yes", "'approved'")
      .end("no", "'rejected'")
      .edge("start", "ap")
      .edge("ap", "yes", "approved")
      .edge("ap", "no", "rejected")
      .build(),
    input: { n: 7 },
    async play(sim) {
      await sim.advance();
      expect(sim.tasks.get("ap")).toMatchObject({ status: "open", type: "approval", instructions: "Check 7", payload: { n: 7 } });
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "task" });
      expect(sim.state.nextWakeAt()).toBeNull();
      await sim.decide("ap", "rejected", { decision: "reject" });
      expect(sim.step("ap").outputHandle).toBe("rejected");
      expect(sim.step("yes").status).toBe("skipped");
      expect(sim.run).toMatchObject({ status: "succeeded", output: "rejected" });
    },
  },
  {
    kind: "approval",
    name: "an approval still open at its due time times out: the task is closed and `timeout` is taken",
    graph: graph()
      .start()
      .node(approval("ap", { dueInMs: 5000 }))
      .end("late", "'timed out'")
      .edge("start", "ap")
      .edge("ap", "late", "timeout")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("ap").wakeAtMs).toBe(T0 + 5000);
      await sim.later(5000);
      expect(sim.tasks.get("ap")?.status).toBe("timed_out");
      expect(sim.events).toContain("task.timed_out:ap");
      expect(sim.run).toMatchObject({ status: "succeeded", output: "timed out" });
    },
  },
  {
    kind: "http",
    name: "an effect is committed running with its idempotency key before it is launched; its result continues the run",
    graph: graph().start().node(http("call")).end("end", "$.steps.call.output.status").chain("start", "call", "end").build(),
    input: { n: 3 },
    async play(sim) {
      expect(await sim.advance()).toEqual(["call"]);
      expect(sim.step("call")).toMatchObject({
        status: "running",
        attempt: 1,
        idempotencyKey: "run-1:call:1",
        input: { method: "POST", url: "https://api.example.test/3", body: { n: 3 } },
      });
      expect(sim.run.status).toBe("running");
      expect(await sim.advance()).toEqual([]); // in flight: not launched twice
      await sim.complete("call", { ok: true, output: { status: 201 } });
      expect(sim.run).toMatchObject({ status: "succeeded", output: 201 });
    },
  },
  {
    kind: "http",
    name: "a retryable failure waits its backoff (random port) and the next attempt gets a new key",
    graph: graph().start().node(http("call", { retry })).end("end").chain("start", "call", "end").build(),
    async play(sim) {
      await sim.advance();
      await sim.complete("call", { ok: false, error: new RetryableError("503", { kind: "http_5xx" }) });
      expect(sim.step("call")).toMatchObject({ status: "waiting", wakeAtMs: T0 + 1000 });
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "timer" });
      expect(await sim.later(1000)).toEqual(["call"]);
      expect(sim.step("call")).toMatchObject({ status: "running", attempt: 2, idempotencyKey: "run-1:call:2" });
      await sim.complete("call", { ok: false, error: new RetryableError("503", { kind: "http_5xx" }) });
      expect(sim.step("call").wakeAtMs).toBe(sim.now + 2000);
      await sim.later(2000);
      await sim.complete("call", { ok: false, error: new RetryableError("503", { kind: "http_5xx" }) });
      expect(sim.step("call")).toMatchObject({ status: "failed", attempt: 3 });
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "http",
    name: "a step found running after a crash is sent again with the same key, then fails after MAX_DELIVERIES",
    graph: graph().start().node(http("call")).end("end").chain("start", "call", "end").build(),
    async play(sim) {
      await sim.advance();
      for (let d = 2; d <= MAX_DELIVERIES; d++) {
        expect(await sim.crash()).toEqual(["call"]);
        expect(sim.step("call")).toMatchObject({ status: "running", attempt: 1, idempotencyKey: "run-1:call:1", error: { deliveries: d } });
      }
      expect(await sim.crash()).toEqual([]);
      expect(sim.step("call").status).toBe("failed");
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "http",
    name: "a non-idempotent step found running is never re-sent: it waits for a recovery review",
    graph: graph()
      .start()
      .node(http("call", { nonIdempotent: true }))
      .end("end")
      .chain("start", "call", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(await sim.crash()).toEqual([]);
      expect(sim.tasks.get("call")).toMatchObject({ type: "recovery", status: "open" });
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "task" });
      expect(await sim.decide("call", "approved")).toEqual(["call"]);
      expect(sim.step("call")).toMatchObject({ status: "running", attempt: 2, idempotencyKey: "run-1:call:2" });
    },
  },
  {
    kind: "agent",
    name: "an effect parked on its own task continues the same attempt once the task is decided",
    graph: graph().start().agent("ag").end("end", "$.steps.ag.output").edge("start", "ag").edge("ag", "end", "ok").build(),
    async play(sim) {
      expect(await sim.advance()).toEqual(["ag"]);
      expect(sim.step("ag").input).toMatchObject({ user: "hi" });
      await sim.complete("ag", {
        ok: true,
        park: {
          key: "tool-1",
          task: {
            type: "tool_approval",
            title: "Tool",
            instructions: "",
            payload: {},
            editableSchema: {},
            context: {},
            quorum: 1,
            rejectionPolicy: "any_rejects",
            separationOfDuties: false,
            dueAtMs: null,
            escalation: [],
            escalationLevel: 0,
            assignees: [{ type: "role", value: "admin" }],
          },
        },
      });
      expect(sim.step("ag").status).toBe("waiting");
      expect(sim.tasks.get("ag~tool-1")?.status).toBe("open");
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "task" });
      expect(await sim.decide("ag~tool-1", "approved")).toEqual(["ag"]);
      expect(sim.step("ag")).toMatchObject({ status: "running", attempt: 1, idempotencyKey: "run-1:ag:1" });
      expect(sim.events).toContain("step.resumed:ag");
      await sim.complete("ag", { ok: true, output: "answer", handle: "ok" });
      expect(sim.run).toMatchObject({ status: "succeeded", output: "answer" });
    },
  },
  {
    kind: "agent",
    name: "an effect that parks twice on the same key fails the step",
    graph: graph().start().agent("ag").end("end").edge("start", "ag").edge("ag", "end", "ok").build(),
    async play(sim) {
      await sim.advance();
      await sim.complete("ag", { ok: true, park: { key: "bad key!", child: { workflowId: "w", versionId: "v", input: {} } } });
      expect(sim.step("ag")).toMatchObject({ status: "failed", error: { code: "park_key" } });
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "loop",
    name: "a loop runs one frame per pass until its condition is false and outputs the last pass",
    graph: graph()
      .start()
      .node({ id: "loop", kind: "loop", config: { condition: "$.loop.iteration < 3", maxIterations: 10 } })
      .transform("inc", "($.loop.last ? $.loop.last : 0) + 1")
      .end("end", "$.steps.loop.output")
      .edge("start", "loop")
      .edge("loop", "inc", "body")
      .back("inc", "loop")
      .edge("loop", "end", "done")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.picture()).toEqual([
        "end=succeeded",
        "loop#0/inc=succeeded",
        "loop#1/inc=succeeded",
        "loop#2/inc=succeeded",
        "loop=succeeded",
        "start=succeeded",
      ]);
      expect(sim.run).toMatchObject({ status: "succeeded", output: { iterations: 3, last: 3, maxReached: false } });
    },
  },
  {
    kind: "loop",
    name: "a failing pass fails the loop and the run; maxIterations stops a loop that would not end",
    graph: graph()
      .start()
      .node({ id: "loop", kind: "loop", config: { condition: "true", maxIterations: 2 } })
      .transform("t", "$.loop.iteration = 5 ? $error('x') : 1")
      .end("end", "$.steps.loop.output")
      .edge("start", "loop")
      .edge("loop", "t", "body")
      .back("t", "loop")
      .edge("loop", "end", "done")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.events).toContain("loop.max_reached:loop");
      expect(sim.run).toMatchObject({ status: "succeeded", output: { iterations: 2, maxReached: true } });
    },
  },
  {
    kind: "map",
    name: "a map opens at most `concurrency` item frames and collects results in item order",
    graph: graph()
      .start()
      .node({ id: "map", kind: "map", config: { items: "$.input.xs", concurrency: 2 } })
      .node(http("call", { config: { method: "POST", url: "https://api.example.test/{{ $.item }}" } }))
      .end("end", "$.steps.map.output")
      .edge("start", "map")
      .edge("map", "call", "body")
      .back("call", "map")
      .edge("map", "end", "done")
      .build(),
    input: { xs: ["a", "b", "c"] },
    async play(sim) {
      expect(await sim.advance()).toEqual(["map[0]/call", "map[1]/call"]);
      expect(await sim.complete("map[1]/call", { ok: true, output: "B" })).toEqual(["map[2]/call"]);
      await sim.complete("map[2]/call", { ok: true, output: "C" });
      expect(sim.run.status).toBe("running");
      await sim.complete("map[0]/call", { ok: true, output: "A" });
      expect(sim.run).toMatchObject({ status: "succeeded", output: ["A", "B", "C"] });
    },
  },
  {
    kind: "map",
    name: "with onItemError collect, a failed item becomes an error entry and the map succeeds",
    graph: graph()
      .start()
      .node({ id: "map", kind: "map", config: { items: "[1, 2, 3]", concurrency: 3, onItemError: "collect" } })
      .transform("t", "$.item = 2 ? $error('bad item') : $.item * 10")
      .end("end", "$.steps.map.output")
      .edge("start", "map")
      .edge("map", "t", "body")
      .back("t", "map")
      .edge("map", "end", "done")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.run.status).toBe("succeeded");
      const out = sim.run.output as unknown[];
      expect(out[0]).toBe(10);
      expect(out[1]).toMatchObject({ error: { stepKey: "map[1]/t" } });
      expect(out[2]).toBe(30);
    },
  },
  {
    kind: "subworkflow",
    name: "a sub-workflow parks with its child run in the same batch and takes the child's output",
    graph: graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: "child-wf", version: "2", input: "{ 'x': $.input.n }" } })
      .end("end", "$.steps.sub.output")
      .chain("start", "sub", "end")
      .build(),
    input: { n: 4 },
    async play(sim) {
      await sim.advance();
      const child = sim.children.get("sub");
      expect(child?.status).toBe("queued");
      expect(sim.step("sub")).toMatchObject({
        status: "waiting",
        input: { childRunId: child?.id, versionId: "child-wf@2", input: { x: 4 } },
      });
      expect(sim.run).toMatchObject({ status: "waiting", waitingOn: "child" });
      await sim.endChild("sub", "succeeded", { y: 5 });
      expect(sim.run).toMatchObject({ status: "succeeded", output: { y: 5 } });
    },
  },
  {
    kind: "subworkflow",
    name: "a child that fails fails the sub-workflow step",
    graph: graph()
      .start()
      .node({ id: "sub", kind: "subworkflow", config: { workflowId: "child-wf", version: "latest", input: "{}" } })
      .end("end")
      .chain("start", "sub", "end")
      .build(),
    async play(sim) {
      await sim.advance();
      await sim.endChild("sub", "failed", null, { message: "boom" });
      expect(sim.step("sub")).toMatchObject({ status: "failed", error: { code: "subworkflow_failed" } });
      expect(sim.run.status).toBe("failed");
    },
  },
  {
    kind: "compensate",
    name: "a Compensate node runs the undo steps of completed steps in reverse completion order, then ends compensated",
    graph: graph()
      .start()
      .node({ id: "book", kind: "transform", config: { expression: "'booked'" }, undo: "unbook" })
      .node({ ...http("charge"), undo: "refund" })
      .node({ id: "comp", kind: "compensate", config: { reason: "changed my mind" } })
      .transform("unbook", "'unbooked ' & $.compensation.output")
      .node(http("refund", { config: { method: "POST", url: "https://api.example.test/refund" } }))
      .chain("start", "book", "charge", "comp")
      .build(),
    async play(sim) {
      await sim.advance();
      sim.now += 5;
      await sim.complete("charge", { ok: true, output: "charged" });
      expect(sim.run).toMatchObject({ status: "compensating", error: { code: "compensate", message: "changed my mind" } });
      expect(sim.step("charge~undo")).toMatchObject({ status: "running", nodeId: "refund", idempotencyKey: "run-1:charge~undo:1" });
      expect(sim.steps.has("book~undo")).toBe(false);
      await sim.crash(); // a restart resumes compensation from the rows
      expect(sim.step("charge~undo").error).toMatchObject({ deliveries: 2 });
      await sim.complete("charge~undo", { ok: true, output: "refunded" });
      expect(sim.step("book~undo")).toMatchObject({ status: "succeeded", output: "unbooked booked" });
      expect(sim.run.status).toBe("compensated");
      expect(sim.events.filter((e) => e.startsWith("run."))).toEqual(["run.compensating:comp", "run.compensated:comp"]);
    },
  },
  {
    kind: "compensate",
    name: "a run that fails with undoable work compensates; a failing undo step ends compensation_failed",
    graph: graph()
      .start()
      .node({ id: "book", kind: "transform", config: { expression: "'booked'" }, undo: "unbook" })
      .transform("bad", "$error('nope')")
      .transform("unbook", "$error('cannot unbook')")
      .chain("start", "book", "bad")
      .build(),
    async play(sim) {
      await sim.advance();
      expect(sim.step("book~undo").status).toBe("failed");
      expect(sim.run).toMatchObject({ status: "compensation_failed", error: { code: "compensation_failed", cause: { stepKey: "bad" } } });
    },
  },
];

describe("RunState (no database)", () => {
  it("has a case for every node kind", () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(NODE_KINDS));
    expect(Object.keys(nodeKinds).sort()).toEqual([...NODE_KINDS].sort());
  });

  it.each(cases.map((c) => [`${c.kind}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    await c.play(new RunSim(c.graph, c.input ?? {}));
  });

  it("is deterministic: the same inputs give the same batches, ids included", async () => {
    const g = cases.find((c) => c.kind === "map")!;
    const a = new RunSim(g.graph, g.input);
    const b = new RunSim(g.graph, g.input);
    await g.play(a);
    await g.play(b);
    expect([...a.steps.values()]).toEqual([...b.steps.values()]);
    expect(a.events).toEqual(b.events);
  });
});
