// Fallback models: when a model call fails with a retryable error (5xx, 429, timeout), the agent tries
// the next provider/model pair in the node's list; every attempt is a recorded model call (with its
// error and cost); a replay after a crash walks the same list without calling a failed model again;
// a Retry-After on the last failure is a floor under the retry backoff.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createProvider } from "@/lib/providers/provider-service";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { createAgentHarness, PROVIDER_KEY, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

describeEachDb("agent fallback models", (dialect) => {
  let h: AgentHarness;
  let backupId: string;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    // A second provider on the same fake server (one script queue: calls are answered in order).
    const backup = await createProvider(
      h.db.sql,
      providerCreateSchema.parse({
        name: "Backup",
        baseUrl: h.model.url,
        apiKey: PROVIDER_KEY,
        defaultModel: "backup-model",
        models: [{ id: "backup-model", inputPerMTok: 10, outputPerMTok: 20 }],
      }),
      null,
    );
    backupId = backup.id;
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  const modelCalls = (runId: string) =>
    h.db.sql.all<{ seq: number; model: string; providerId: string | null; error: string | null; costUsd: number | null }>(
      `SELECT "seq","model","providerId","error","costUsd" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`,
      [runId],
    );

  it("answers from the fallback after a 500 and a 429, recording each attempt", async () => {
    const fallbacks = [
      { providerId: h.providerId, model: "gpt-4o-mini" },
      { providerId: backupId, model: "" },
    ];
    const { versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { fallbacks })));
    h.model.script([{ error: { status: 500, message: "upstream down" } }, { error: { status: 429, message: "busy" } }, final("ok")]);
    const run = await h.start(versionId, { claimId: "F-1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(h.model.calls.map((c) => c.model)).toEqual(["fake-model", "gpt-4o-mini", "backup-model"]);
    const out = (await h.step(run.id, "agent")).output as AgentOutput;
    expect(out).toMatchObject({ answer: "ok", model: "backup-model", providerId: backupId, modelCalls: 1 });
    const rows = (await modelCalls(run.id)).filter((r) => !r.model.startsWith("decision:"));
    expect(rows.map((r) => [r.model, r.providerId, r.error === null])).toEqual([
      ["fake-model", h.providerId, false],
      ["gpt-4o-mini", h.providerId, false],
      ["backup-model", backupId, true],
    ]);
    expect(rows[0].error).toContain("upstream down");
    expect(rows[2].costUsd).toBeGreaterThan(0);
    expect((await h.step(run.id, "agent")).attempt).toBe(1);
  });

  it("a non-retryable error (400) does not fall back", async () => {
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { fallbacks: [{ providerId: backupId, model: "" }] }), { errorEdge: true }),
    );
    h.model.script([{ error: { status: 400, message: "Unsupported parameter" } }]);
    const run = await h.start(versionId, { claimId: "F-2" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const s = await h.step(run.id, "agent");
    expect(s.status).toBe("failed");
    expect(s.error).toMatchObject({ code: "model_400" });
    expect(h.model.callCount).toBe(1);
  });

  it("when every model fails, the retry waits at least Retry-After and starts again with the primary", async () => {
    const retry = { maxAttempts: 2, initialIntervalMs: 10, jitter: 0 };
    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { fallbacks: [{ providerId: backupId, model: "" }] }), { retry }),
    );
    h.model.script([
      { error: { status: 503, message: "overloaded" } },
      { error: { status: 429, message: "slow down", headers: { "retry-after": "1" } } },
      final("second round"),
    ]);
    const run = await h.start(versionId, { claimId: "F-3" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    // Round 1: primary 503, backup 429 (Retry-After: 1 s). Round 2 (attempt 2): the primary answers.
    expect(h.model.calls.map((c) => c.model)).toEqual(["fake-model", "backup-model", "fake-model"]);
    const retrying = await h.db.sql.all<{ data: string; atMs: number }>(
      `SELECT "data","atMs" FROM "RunEvent" WHERE "runId"=? AND "type"='step.retrying'`,
      [run.id],
    );
    expect(retrying).toHaveLength(1);
    const ev = JSON.parse(retrying[0].data) as { wakeAtMs: number; reason: string };
    expect(ev.reason).toContain("slow down");
    expect(ev.reason).toContain("after 1 fallback model");
    const s = await h.step(run.id, "agent");
    expect(s.attempt).toBe(2);
    expect((s.output as AgentOutput).answer).toBe("second round");
    const failed = (await modelCalls(run.id)).filter((r) => r.error !== null);
    expect(failed).toHaveLength(2);
    // The wake-up honoured Retry-After (1 s), not the 10 ms backoff.
    expect(ev.wakeAtMs - Number(retrying[0].atMs)).toBeGreaterThanOrEqual(990);
  });
});
