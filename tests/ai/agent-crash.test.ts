// A worker process SIGKILLed between the 2nd and 3rd model call of a 3-round tool loop: the next
// worker replays the completed calls from the database and never makes them again (the fake model
// server and the tool endpoint count every call).
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { publish } from "@/tests/engine/helpers/graph";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { startRun } from "@/lib/engine/run-service";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";
import { PRICES, PROVIDER_KEY } from "./helpers/agent-harness";
import { spawnAgentWorker } from "./helpers/agent-process";
import { applyTestSecretKey } from "./helpers/secret-key";
import { useEngine } from "@/tests/engine/helpers/fixture";

describeEachDb("agent crash recovery (real worker processes)", (dialect) => {
  const { h, sink } = useEngine(dialect, { startWorker: false, sink: true });
  let model: FakeModelServer;
  beforeAll(async () => {
    applyTestSecretKey();
    model = await startFakeModelServer({ expectApiKey: PROVIDER_KEY, logUnscripted: false });
  });
  afterAll(async () => {
    await model?.close();
  });

  /** A fresh worker process takes the run over; waits until it succeeded (30 s), then stops the worker. */
  async function finishWithHealthyWorker(runId: string): Promise<void> {
    const healthy = spawnAgentWorker(h.db.url);
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await h.store.getRun(runId);
        if (r?.status === "succeeded") break;
        if (r?.status === "failed" || Date.now() > deadline) throw new Error(`run is ${r?.status}\n${healthy.output()}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      await healthy.stop();
    }
  }

  it("resumes after the last completed call without repeating the first two model calls", { timeout: 60_000 }, async () => {
    const provider = await createProvider(
      h.db.sql,
      providerCreateSchema.parse({ name: "Fake", baseUrl: model.url, apiKey: PROVIDER_KEY, defaultModel: "fake-model", models: [PRICES] }),
      null,
    );
    const lookup = { name: "lookup", type: "http", url: `${sink.url}/lookup/{{ $.args.n }}` };
    const { versionId } = await publish(h.db.sql, agentGraph(agentConfig(provider.id, { tools: [lookup] })));
    model.script([
      { toolCalls: [{ name: "lookup", arguments: { n: 1 } }] },
      { toolCalls: [{ name: "lookup", arguments: { n: 2 } }] },
      { toolCalls: [{ name: "lookup", arguments: { n: 3 } }] },
      final("all three checked", 0.9),
    ]);
    const run = await startRun(h.deps, { versionId, input: { claimId: "K-1" }, initiatorId: null });

    const crashing = spawnAgentWorker(h.db.url, { AGENT_CRASH_AFTER_MODEL_CALLS: "2" });
    const first = await crashing.exited;
    expect(first.signal === "SIGKILL" || first.code === 137, crashing.output()).toBe(true);
    expect(crashing.output()).toContain("crashing now");
    expect(model.callCount).toBe(2);
    expect(sink.requests.map((r) => r.path)).toEqual(["/lookup/1"]);
    expect((await h.store.getSteps(run.id)).find((s) => s.stepKey === "agent")?.status).toBe("running");

    await finishWithHealthyWorker(run.id);
    // 4 model calls in total: the 2 before the crash were replayed from the database, not re-sent
    expect(model.callCount).toBe(4);
    model.assertScriptConsumed();
    expect(sink.requests.map((r) => r.path)).toEqual(["/lookup/1", "/lookup/2", "/lookup/3"]);
    const step = (await h.store.getSteps(run.id)).find((s) => s.stepKey === "agent")!;
    expect(step.outputHandle).toBe("ok");
    expect(step.attempt).toBe(1);
    const out = step.output as AgentOutput;
    expect(out.toolCalls.map((t) => t.arguments)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(out.modelCalls).toBe(4);
    const rows = await h.db.sql.all<{ model: string }>(`SELECT "model" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [run.id]);
    expect(rows.map((r) => r.model)).toEqual([
      "fake-model",
      "tool:lookup",
      "fake-model",
      "tool:lookup",
      "fake-model",
      "tool:lookup",
      "fake-model",
      "decision:ok",
    ]);
    const succeeded = (await h.store.getEvents(run.id)).filter((e) => e.type === "step.succeeded" && e.stepKey === "agent");
    expect(succeeded).toHaveLength(1);
  });

  it(
    "a crash after the primary model failed resumes with the fallback, never calling the failed model again",
    { timeout: 60_000 },
    async () => {
      const provider = await createProvider(
        h.db.sql,
        providerCreateSchema.parse({
          name: "Primary",
          baseUrl: model.url,
          apiKey: PROVIDER_KEY,
          defaultModel: "fake-model",
          models: [PRICES],
        }),
        null,
      );
      model.reset();
      const fallbacks = [{ providerId: provider.id, model: "gpt-4o-mini" }];
      const { versionId } = await publish(h.db.sql, agentGraph(agentConfig(provider.id, { fallbacks })));
      model.script([{ error: { status: 500, message: "primary down" } }, final("from the fallback", 0.9)]);
      const run = await startRun(h.deps, { versionId, input: { claimId: "K-2" }, initiatorId: null });

      const crashing = spawnAgentWorker(h.db.url, { AGENT_CRASH_AFTER_MODEL_CALLS: "1" });
      const first = await crashing.exited;
      expect(first.signal === "SIGKILL" || first.code === 137, crashing.output()).toBe(true);
      expect(model.calls.map((c) => c.model)).toEqual(["fake-model"]);

      await finishWithHealthyWorker(run.id);
      expect(model.calls.map((c) => c.model)).toEqual(["fake-model", "gpt-4o-mini"]);
      model.assertScriptConsumed();
      const step = (await h.store.getSteps(run.id)).find((s) => s.stepKey === "agent")!;
      expect(step.attempt).toBe(1);
      expect((step.output as AgentOutput).model).toBe("gpt-4o-mini");
    },
  );
});
