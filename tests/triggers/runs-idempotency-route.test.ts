// POST /api/v1/runs with an Idempotency-Key header, through the route handler on real databases.
import { beforeAll, expect, it, vi } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { graph, publish } from "@/tests/engine/helpers/graph";

let app: unknown;
vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({ user: { id: "u-api", email: "api@x.test", name: "api", role: "designer" }, method: "api_key" }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const { POST } = await import("@/app/api/v1/runs/route");
const ctx = { params: Promise.resolve({}) };

function post(body: unknown, key?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["idempotency-key"] = key;
  return POST(new Request("http://localhost/api/v1/runs", { method: "POST", headers, body: JSON.stringify(body) }), ctx);
}

describeEachDb("POST /api/v1/runs with Idempotency-Key", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });
  let workflowId: string;
  const count = async () =>
    Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=?`, [workflowId]))[0].n);

  beforeAll(async () => {
    app = { db: h.db, engine: { store: h.store, notifier: h.notifier } };
    ({ workflowId } = await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build()));
  });

  it("answers a retry with the same status and body as the first start", async () => {
    const first = await post({ workflowId, input: { n: 1 } }, "order-42");
    const again = await post({ workflowId, input: { n: 1 } }, "order-42");
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await again.json()).toEqual(await first.json());
    expect(await count()).toBe(1);
  });

  it("answers 422 idempotency_key_reused to the same key with another body", async () => {
    const res = await post({ workflowId, input: { n: 2 } }, "order-42");
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("idempotency_key_reused");
    expect(await count()).toBe(1);
  });

  it("refuses a malformed key with 400 naming the header, and starts nothing", async () => {
    const res = await post({ workflowId, input: {} }, "has space");
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("Idempotency-Key");
    expect(await count()).toBe(1);
  });

  it("starts a new run per request without a key", async () => {
    await post({ workflowId, input: { n: 1 } });
    await post({ workflowId, input: { n: 1 } });
    expect(await count()).toBe(3);
  });
});
