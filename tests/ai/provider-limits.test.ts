// Per-provider limits shared by all workers through the database: a burst of agent runs on two
// workers never has more than maxConcurrency calls at the fake model at once, and every run
// succeeds on its first attempt (the calls queue, none fails); a tokens-per-minute limit holds a
// call until the window's tokens allow it.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createWorkerHost, type WorkerHost } from "@/lib/server/worker-host";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { createProvider, updateProvider } from "@/lib/providers/provider-service";
import { providerCreateSchema, providerPatchSchema } from "@/lib/providers/provider-schemas";
import { providerSlotsInFlight, tryAcquireProviderSlot } from "@/lib/db/provider-limit-store";
import { createAgentHarness, MODEL, PRICES, PROVIDER_KEY, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

describeEachDb("provider limits shared by workers", (dialect) => {
  let h: AgentHarness;
  let second: WorkerHost;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    // a second worker on the same database, with its own agent runtime
    second = createWorkerHost({
      sql: h.db.sql,
      concurrency: 8,
      leaseMs: 5000,
      pollMs: 50,
      httpAllowList: ["127.0.0.1"],
      log: () => undefined,
      inbox: false,
      agents: {},
      resolveCredential: createCredentialResolver(h.db.sql),
    });
    await second.start({ register: false });
  });
  afterAll(async () => {
    await second?.stop({ graceMs: 1000 });
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  const limit = (patch: Record<string, unknown>) => updateProvider(h.db.sql, h.providerId, providerPatchSchema.parse(patch), null);

  it("a burst of runs on two workers never exceeds maxConcurrency calls at once, and none fails", async () => {
    await limit({ maxConcurrency: 2, tokensPerMinute: null });
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId)));
    const n = 8;
    h.model.script(Array.from({ length: n }, (_, i) => ({ ...final(`ok ${i}`), delayMs: 250 })));
    const runs = await Promise.all(Array.from({ length: n }, (_, i) => h.start(versionId, { claimId: `L-${i}` })));
    for (const r of runs) expect(await h.waitFor(r.id, ["succeeded", "failed"], 60_000)).toBe("succeeded");
    expect(h.model.callCount).toBe(n);
    expect(h.model.maxInFlight).toBeGreaterThanOrEqual(1);
    expect(h.model.maxInFlight).toBeLessThanOrEqual(2);
    for (const r of runs) {
      const s = await h.step(r.id, "agent");
      expect(s.attempt).toBe(1); // waited for a slot: no failed attempt, no retry
    }
    const failed = await h.db.sql.all(`SELECT "id" FROM "ModelCall" WHERE "providerId"=? AND "error" IS NOT NULL`, [h.providerId]);
    expect(failed).toEqual([]);
    expect(await providerSlotsInFlight(h.db.sql, h.providerId)).toBe(0);
  });

  it("a tokens-per-minute limit holds a call until the window's tokens allow it", async () => {
    // a provider of its own, so the first test's calls are not in its window
    const p = await createProvider(
      h.db.sql,
      providerCreateSchema.parse({
        name: "Metered",
        baseUrl: h.model.url,
        apiKey: PROVIDER_KEY,
        defaultModel: MODEL,
        models: [PRICES],
        tokensPerMinute: 1000,
      }),
      null,
    );
    expect(p.tokensPerMinute).toBe(1000);
    // 900 tokens spent 59.4 s ago: the next call (~250 tokens estimated) fits once they leave the window
    const now = await h.db.sql.all<{ now: number }>(
      dialect === "postgresql" ? `SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS "now"` : `SELECT 0 AS "now"`,
    );
    const at = (dialect === "postgresql" ? Number(now[0].now) : Date.now()) - 59_400;
    await h.db.sql.run(
      `INSERT INTO "ModelCall" ("id","runId","stepKey","seq","providerId","model","request","inputTokens","outputTokens","costUsd","latencyMs","atMs")
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      ["tpm-seed", "seed-run", "agent", 0, p.id, "fake-model", "{}", 800, 100, 0, 1, at],
    );
    const denied = await tryAcquireProviderSlot(h.db.sql, {
      id: "probe",
      providerId: p.id,
      holder: "probe",
      tokens: 250,
      maxConcurrency: null,
      tokensPerMinute: 1000,
      leaseMs: 1000,
    });
    expect(denied).toMatchObject({ ok: false, reason: "tokens" });
    expect((denied as { waitMs: number }).waitMs).toBeLessThanOrEqual(700);

    const { versionId } = await h.publish(agentGraph(agentConfig(p.id)));
    h.model.script([final("within budget")]);
    const t0 = Date.now();
    const run = await h.start(versionId, { claimId: "T-1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"], 30_000)).toBe("succeeded");
    const firstCallAt = Date.parse(h.model.calls[0].at);
    expect(firstCallAt - t0).toBeGreaterThanOrEqual(300); // it waited for the window
    expect((await h.step(run.id, "agent")).attempt).toBe(1);
    await h.db.sql.run(`DELETE FROM "ModelCall" WHERE "id"=?`, ["tpm-seed"]);
  });
});
