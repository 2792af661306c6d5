// The workflows list shows what each workflow's agent runs cost: tokens and USD over the last 30
// days and in total, from the per-run rollup of model calls (API and list read model).
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { listWorkflows } from "@/lib/db/workflow-list-read";
import { createdAtParam } from "@/lib/monitoring/run-list-query";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

let app: unknown;
vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({ user: { id: "u-viewer", email: "v@x.test", name: "v", role: "viewer" }, method: "session" }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { GET: listRoute } = await import("@/app/api/v1/workflows/route");

describeEachDb("workflow cost rollup", (dialect) => {
  let h: AgentHarness;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    app = {
      db: h.db,
      engine: { store: h.store, notifier: h.notifier, notify: () => h.notifier.notify(), schedulesChanged: () => undefined },
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  it("sums tokens and cost per workflow, all-time and for the last 30 days", async () => {
    const spender = await h.publish(agentGraph(agentConfig(h.providerId)));
    const idle = await h.publish(agentGraph(agentConfig(h.providerId)));
    // fake usage: 100 input + 50 output tokens per call at $1/$2 per million → $0.0002 per run
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      h.model.script([{ ...final("ok"), usage: { prompt_tokens: 100, completion_tokens: 50 } }]);
      const r = await h.start(spender.versionId, { claimId: `C-${i}` });
      expect(await h.waitFor(r.id, ["succeeded", "failed"])).toBe("succeeded");
      runs.push(r.id);
    }
    const perRun = (
      await h.db.sql.all<{ tokens: number; costUsd: number }>(`SELECT "tokens","costUsd" FROM "Run" WHERE "id"=?`, [runs[0]])
    )[0];
    expect(Number(perRun.tokens)).toBe(150);
    expect(Number(perRun.costUsd)).toBeCloseTo(0.0002, 9);
    // one run is 40 days old: it counts in the total only
    await h.db.sql.run(`UPDATE "Run" SET "createdAt"=? WHERE "id"=?`, [
      createdAtParam(h.db.dialect, Date.now() - 40 * 86_400_000),
      runs[0],
    ]);

    const list = await listWorkflows(h.db.sql);
    const row = list.find((w) => w.id === spender.workflowId)!;
    expect(row.usageTotal).toEqual({ runs: 3, tokens: 450, costUsd: 0.0006 });
    expect(row.usage30d).toEqual({ runs: 2, tokens: 300, costUsd: 0.0004 });
    expect(list.find((w) => w.id === idle.workflowId)).toMatchObject({
      usageTotal: { runs: 0, tokens: 0, costUsd: 0 },
      usage30d: { runs: 0, tokens: 0, costUsd: 0 },
    });

    const res = await listRoute(new Request("http://localhost/api/v1/workflows", { headers: { host: "localhost" } }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { workflows: { id: string; usage30d: unknown; usageTotal: unknown }[] };
    expect(body.workflows.find((w) => w.id === spender.workflowId)).toMatchObject({ usage30d: row.usage30d, usageTotal: row.usageTotal });
  });
});
