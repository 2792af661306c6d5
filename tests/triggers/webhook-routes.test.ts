// The webhook management routes through their handlers on real databases: the secret is in the answer
// to create and rotate only, stored encrypted, never in a listing; deliveries and send again.
import { beforeAll, expect, it, vi } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import { signGithub } from "@/lib/triggers/webhook-signatures";

let app: unknown;
vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({ user: { id: "u-d", email: "d@x.test", name: "d", role: "designer" }, method: "api_key" }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const webhooks = await import("@/app/api/v1/workflows/[workflowId]/webhooks/route");
const rotate = await import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/rotate/route");
const deliveries = await import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/deliveries/route");
const resend = await import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/deliveries/[deliveryId]/resend/route");
const hook = await import("@/app/api/v1/hooks/[triggerId]/route");

const req = (method: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

describeEachDb("webhook management routes", (dialect) => {
  beforeAll(applyTestSecretKey); // registered first: the key is set before the harness starts, as before
  const { h } = useEngine(dialect, { startWorker: false });
  let workflowId: string;
  beforeAll(async () => {
    app = { db: h.db, engine: h.deps };
    ({ workflowId } = await publish(h.db.sql, graph().start().end().edge("start", "end").build()));
  });

  it("creates, lists without secrets, stores encrypted, rotates, logs deliveries and sends one again", async () => {
    const created = await webhooks.POST(req("POST"), params({ workflowId }));
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { triggerId, secret, path } = (await created.json()) as { triggerId: string; secret: string; path: string };
    expect(secret).toMatch(/^whsec_/);
    expect(path).toBe(`/api/v1/hooks/${triggerId}`);

    const stored = await h.db.sql.all<{ secrets: string }>(`SELECT "secrets" FROM "WebhookTrigger" WHERE "id"=?`, [triggerId]);
    expect(stored[0].secrets).toMatch(/^v1:/);
    expect(stored[0].secrets).not.toContain(secret.slice(6, 20));

    const listed = await webhooks.GET(req("GET"), params({ workflowId }));
    const listText = await listed.text();
    expect(listText).toContain(triggerId);
    expect(listText).not.toContain("whsec_");

    const doc = graph()
      .node({
        id: "start",
        kind: "start",
        name: "Start",
        config: { triggers: [{ kind: "webhook", id: triggerId, verification: "github" }] },
      })
      .end()
      .edge("start", "end")
      .build();
    await publish(h.db.sql, doc, workflowId);
    const body = JSON.stringify({ a: 1 });
    const ok = await hook.POST(req("POST", body, signGithub(secret, body)), params({ triggerId }));
    expect(ok.status).toBe(202);

    const rotated = await rotate.POST(req("POST", { overlapMinutes: 0 }), params({ workflowId, triggerId }));
    expect(rotated.status).toBe(200);
    const { secret: next } = (await rotated.json()) as { secret: string };
    const body2 = JSON.stringify({ a: 2 });
    const refused = await hook.POST(req("POST", body2, signGithub(secret, body2)), params({ triggerId })); // the old secret, no overlap
    expect(refused.status).toBe(401);
    expect(
      (await hook.POST(req("POST", JSON.stringify({ a: 3 }), signGithub(next, JSON.stringify({ a: 3 }))), params({ triggerId }))).status,
    ).toBe(202);
    const badOverlap = await rotate.POST(req("POST", { overlapMinutes: -1 }), params({ workflowId, triggerId }));
    expect(badOverlap.status).toBe(400);

    const log = (await (await deliveries.GET(req("GET"), params({ workflowId, triggerId }))).json()) as {
      deliveries: { id: string; verified: boolean; status: number; runId: string | null }[];
    };
    expect(log.deliveries.map((d) => d.status)).toEqual([202, 401, 202]);
    expect(JSON.stringify(log)).not.toContain("whsec_");
    const again = await resend.POST(req("POST"), params({ workflowId, triggerId, deliveryId: log.deliveries[2].id }));
    expect(again.status).toBe(201);
    const { runId } = (await again.json()) as { runId: string };
    expect((await h.store.getRun(runId))?.input).toEqual({ a: 1 });

    // Another workflow cannot see or rotate this webhook.
    const other = await publish(h.db.sql, graph().start().end().edge("start", "end").build());
    expect((await deliveries.GET(req("GET"), params({ workflowId: other.workflowId, triggerId }))).status).toBe(404);
    expect((await rotate.POST(req("POST", {}), params({ workflowId: other.workflowId, triggerId }))).status).toBe(404);
  });
});
