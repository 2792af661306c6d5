// The PostgreSQL round trips of one agent step, counted exactly (lib/engine/ARCHITECTURE.md, "Round
// trips", the agent rows). Each model call and each tool call is one write that must be durable before
// the next call goes out; everything else the step does is per step, not per round. A change that adds
// one fails here: update the table in the note, or take the round trip back out.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";
import { RoundTripLedger, COUNTED_LEASE_MS } from "@/tests/helpers/round-trips";
import { startSink, type Sink } from "@/tests/engine/helpers/sink";
import { publish } from "@/tests/engine/helpers/graph";
import type { PgDb } from "@/lib/db/sql";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { startRun } from "@/lib/engine/run-service";
import { safeFetch } from "@/lib/security/safe-fetch";
import { createAgentRuntime, withAgentRuntime } from "@/lib/agents/agent-runtime";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";
import { applyTestSecretKey } from "./helpers/secret-key";
import { PRICES, PROVIDER_KEY } from "./helpers/agent-harness";

const ROUNDS = 3;

describePostgres("agent step round trips", () => {
  let db: TestDatabase;
  let model: FakeModelServer;
  let sink: Sink;
  let ledger: RoundTripLedger;
  let worker: Worker;
  let versionId: string;
  const store = () => new SqlEngineStore(db.sql);

  beforeAll(async () => {
    applyTestSecretKey();
    db = await createTestDb("postgresql");
    model = await startFakeModelServer({ expectApiKey: PROVIDER_KEY, logUnscripted: false });
    sink = await startSink();
    ledger = new RoundTripLedger(db.sql as PgDb);
    const provider = await createProvider(
      db.sql,
      providerCreateSchema.parse({ name: "Fake", baseUrl: model.url, apiKey: PROVIDER_KEY, defaultModel: "fake-model", models: [PRICES] }),
      null,
    );
    const lookup = {
      name: "lookup",
      type: "http",
      method: "POST",
      url: `${sink.url}/lookup`,
      argsSchema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
    };
    ({ versionId } = await publish(db.sql, agentGraph(agentConfig(provider.id, { tools: [lookup], maxToolRounds: ROUNDS }))));
    // no live text: its NOTIFYs are sent beside the loop, coalesced by timing, so not counted here
    const runtime = createAgentRuntime({ db: db.sql, streaming: false });
    const counted = { run: (...a: Parameters<typeof runtime.run>) => ledger.run("agent_step", () => runtime.run(...a)) };
    worker = new Worker({
      store: store(),
      notifier: new LocalNotifier(),
      concurrency: 2,
      leaseMs: COUNTED_LEASE_MS,
      pollMs: 200,
      log: () => undefined,
      fetch: (url, init) => safeFetch(url, { ...init, allowHosts: ["127.0.0.1"] }),
    });
    await withAgentRuntime(counted, () => worker.start({ register: false }));
  }, 60_000);

  afterAll(async () => {
    ledger?.detach();
    await worker?.stop({ graceMs: 1000 });
    await model?.close();
    await sink?.close();
    await db?.drop();
  });

  async function agentStepTrips(): Promise<{ trips: number; modelCallRows: number; tokens: number }> {
    model.script([
      ...Array.from({ length: ROUNDS }, (_, i) => ({
        toolCalls: [{ name: "lookup", arguments: { n: i + 1 } }],
        usage: { prompt_tokens: 100, completion_tokens: 10 },
      })),
      { ...final("done", 0.9), usage: { prompt_tokens: 200, completion_tokens: 20 } },
    ]);
    ledger.reset();
    const run = await startRun(
      { store: store(), notifier: new LocalNotifier() },
      { versionId, input: { claimId: "C-1" }, initiatorId: null },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await store().getRun(run.id);
      if (r?.status === "succeeded") break;
      if (r?.status === "failed" || Date.now() > deadline) throw new Error(`agent run ${r?.status}: ${JSON.stringify(r?.error)}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    const trips = ledger.snapshot().trips.agent_step ?? 0;
    const [row] = await db.sql.all<{ n: number; tokens: number }>(
      `SELECT (SELECT COUNT(*) FROM "ModelCall" WHERE "runId"=?) AS n, (SELECT "tokens" FROM "Run" WHERE "id"=?) AS tokens`,
      [run.id, run.id],
    );
    return { trips, modelCallRows: Number(row.n), tokens: Number(row.tokens) };
  }

  it("writes each model and tool call once, the final answer with the decision, and reads nothing on a first execution", async () => {
    await agentStepTrips(); // warm-up: caches, pooled connections
    const { trips, modelCallRows, tokens } = await agentStepTrips();
    // every call is recorded: ROUNDS + 1 model calls, ROUNDS tool calls, the decision
    expect(modelCallRows).toBe(2 * ROUNDS + 2);
    expect(tokens).toBe(ROUNDS * 110 + 220);
    // per round: the model call's write and the tool call's write (each durable before the next call);
    // per step: the provider read, and one script for the final answer and the decision with its event
    // and audit record (was 2 more: the sub-step read a first execution cannot need, and the final
    // answer written alone)
    expect(trips, `agent step of ${ROUNDS} rounds: ${trips} round trips, the ARCHITECTURE table says ${2 * ROUNDS + 2}`).toBe(
      2 * ROUNDS + 2,
    );
  });
});
