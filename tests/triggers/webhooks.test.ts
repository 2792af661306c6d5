// Webhook deliveries through the public route handler on real databases: every verification mode
// accepts a correct signature and refuses a wrong, missing, expired or replayed one with 401 and no
// run; body limit, mapping errors, rotation overlap, rate limit, respond "wait", the deliveries log
// and "send again".
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import {
  createWebhook,
  listWebhookDeliveries,
  resendDelivery,
  rotateWebhookSecret,
  type WebhookDeps,
} from "@/lib/triggers/webhook-service";
import { signGithub, signStandard, signStripe } from "@/lib/triggers/webhook-signatures";
import { resetRateLimits } from "@/lib/triggers/rate-limit";

let app: unknown;
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const { POST } = await import("@/app/api/v1/hooks/[triggerId]/route");

const actor = { id: "u-designer", role: "designer" };
const nowS = () => Math.floor(Date.now() / 1000);

function deliver(
  triggerId: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
  query = "",
): Promise<Response> {
  const req = new Request(`http://localhost/api/v1/hooks/${triggerId}${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
  } as RequestInit);
  return POST(req, { params: Promise.resolve({ triggerId }) });
}

describeEachDb("webhooks", (dialect) => {
  beforeAll(applyTestSecretKey); // registered first: the key is set before the harness starts, as before
  const { h } = useEngine(dialect);
  let deps: WebhookDeps;
  let workflowId: string;
  const hooks: Record<string, { id: string; secret: string }> = {};

  const runs = async () =>
    Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=?`, [workflowId]))[0].n);
  async function expectRefused(res: Promise<Response>, code: string, status = 401) {
    const before = await runs();
    const r = await res;
    expect(r.status).toBe(status);
    expect((await r.json()).error.code).toBe(code);
    expect(await runs()).toBe(before);
  }
  async function expectStarted(res: Promise<Response>): Promise<string> {
    const r = await res;
    const json = await r.json();
    expect(r.status, JSON.stringify(json)).toBe(202);
    expect(json.runId).toEqual(expect.any(String));
    return json.runId as string;
  }

  beforeAll(async () => {
    deps = { sql: h.db.sql, engine: { ...h.deps, store: h.store } };
    app = { db: h.db, engine: h.deps };
    ({ workflowId } = await publish(h.db.sql, graph().start().end().edge("start", "end").build()));
    const names = ["std", "gh", "stripe", "token", "none", "small", "limited", "wait", "disabled", "mapped", "rotating"];
    for (const n of names) {
      const c = await createWebhook(deps, workflowId, actor);
      hooks[n] = { id: c.triggerId, secret: c.secret };
    }
    const t = (n: string, extra: Record<string, unknown>) => ({ kind: "webhook", id: hooks[n].id, rateLimitPerMinute: 10_000, ...extra });
    const triggers = [
      t("std", { verification: "standard" }),
      t("gh", { verification: "github" }),
      t("stripe", { verification: "stripe", mapping: "{ 'amount': body.data.amount }" }),
      t("token", { verification: "header_token", tokenHeader: "X-Token" }),
      t("none", { verification: "none" }),
      t("small", { verification: "none", maxBodyBytes: 100 }),
      t("limited", { verification: "none", rateLimitPerMinute: 2 }),
      t("wait", { verification: "none", respond: "wait", waitSeconds: 10 }),
      t("disabled", { verification: "none", enabled: false }),
      t("mapped", {
        verification: "none",
        mapping: "{ 'amount': body.total * 2, 'source': headers.`x-source`, 'q': query.tag }",
        allowedHeaders: ["x-source"],
      }),
      t("rotating", { verification: "github" }),
    ];
    const inputSchema = { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] };
    const doc = graph()
      .node({ id: "start", kind: "start", name: "Start", config: { inputSchema, triggers } })
      .end("end", "$.input")
      .edge("start", "end")
      .build();
    await publish(h.db.sql, doc, workflowId);
  });
  beforeEach(() => resetRateLimits());

  it("Standard Webhooks: accepts a correct signature; refuses wrong, missing, expired and replayed ones with 401 and no run", async () => {
    const { id, secret } = hooks.std;
    const body = JSON.stringify({ amount: 5 });
    const signed = signStandard(secret, "msg_1", nowS(), body);
    const runId = await expectStarted(deliver(id, body, signed));
    expect((await h.store.getRun(runId))?.input).toEqual({ amount: 5 });
    expect((await h.store.getRun(runId))?.trigger).toBe("webhook");

    await expectRefused(
      deliver(id, body, signStandard(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, "msg_2", nowS(), body)),
      "webhook_unverified",
    );
    await expectRefused(deliver(id, body), "webhook_unverified");
    await expectRefused(deliver(id, body, { ...signed, "webhook-signature": "" }), "webhook_unverified");
    await expectRefused(deliver(id, body, signStandard(secret, "msg_3", nowS() - 6 * 60, body)), "webhook_unverified");
    await expectRefused(deliver(id, body, signStandard(secret, "msg_4", nowS() + 6 * 60, body)), "webhook_unverified");
    await expectRefused(deliver(id, JSON.stringify({ amount: 6 }), signed), "webhook_unverified"); // body changed
    await expectRefused(deliver(id, body, signed), "webhook_replayed"); // the same signed request again

    // The sender's own retry (same webhook-id, new timestamp) gets the first run back.
    const before = await runs();
    const retry = await deliver(id, body, signStandard(secret, "msg_1", nowS() + 1, body));
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await retry.json()).runId).toBe(runId);
    expect(await runs()).toBe(before);
  });

  it("GitHub: accepts X-Hub-Signature-256; refuses wrong, missing, malformed and replayed ones (no timestamp, so nothing expires)", async () => {
    const { id, secret } = hooks.gh;
    const body = JSON.stringify({ amount: 7 });
    const signed = { ...signGithub(secret, body), "x-github-delivery": "d-1" };
    await expectStarted(deliver(id, body, signed));
    await expectRefused(deliver(id, body, signGithub("other-secret", body)), "webhook_unverified");
    await expectRefused(deliver(id, body), "webhook_unverified");
    await expectRefused(deliver(id, body, { "x-hub-signature-256": "sha1=abc" }), "webhook_unverified");
    await expectRefused(deliver(id, body, signed), "webhook_replayed");
  });

  it("Stripe: accepts Stripe-Signature; refuses wrong, missing, expired and replayed ones", async () => {
    const { id, secret } = hooks.stripe;
    const body = JSON.stringify({ id: "evt_1", data: { amount: 9 } });
    const signed = signStripe(secret, nowS(), body);
    const runId = await expectStarted(deliver(id, body, signed));
    expect((await h.store.getRun(runId))?.input).toEqual({ amount: 9 });
    await expectRefused(deliver(id, body, signStripe("whsec_other", nowS(), body)), "webhook_unverified");
    await expectRefused(deliver(id, body), "webhook_unverified");
    await expectRefused(deliver(id, body, signStripe(secret, nowS() - 301, body)), "webhook_unverified");
    await expectRefused(deliver(id, body, signed), "webhook_replayed");
    // Stripe's retry of event evt_1 (a new t=) returns the first run.
    const retry = await deliver(id, body, signStripe(secret, nowS() + 2, body));
    expect((await retry.json()).runId).toBe(runId);
  });

  it("header token: accepts the token in its header; refuses a wrong or missing one; an Idempotency-Key returns the first run", async () => {
    const { id, secret } = hooks.token;
    const body = JSON.stringify({ amount: 1 });
    const runId = await expectStarted(deliver(id, body, { "x-token": secret, "idempotency-key": "k1" }));
    await expectRefused(deliver(id, body, { "x-token": `${secret}x` }), "webhook_unverified");
    await expectRefused(deliver(id, body, { "x-token": "short" }), "webhook_unverified");
    await expectRefused(deliver(id, body), "webhook_unverified");
    const again = await deliver(id, body, { "x-token": secret, "idempotency-key": "k1" });
    expect((await again.json()).runId).toBe(runId);
    await expectRefused(
      deliver(id, JSON.stringify({ amount: 2 }), { "x-token": secret, "idempotency-key": "k1" }),
      "idempotency_key_reused",
      422,
    );
  });

  it("none: accepts any delivery (chosen explicitly)", async () => {
    await expectStarted(deliver(hooks.none.id, JSON.stringify({ amount: 3 })));
  });

  it("refuses a body over the trigger's limit with 413, with or without Content-Length, and starts nothing", async () => {
    const big = JSON.stringify({ amount: 1, pad: "x".repeat(200) });
    await expectRefused(deliver(hooks.small.id, big), "payload_too_large", 413);
    const chunks = [
      new TextEncoder().encode('{"amount":1,"pad":"'),
      ...Array.from({ length: 50 }, () => new TextEncoder().encode("y".repeat(64))),
    ];
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    await expectRefused(deliver(hooks.small.id, stream), "payload_too_large", 413);
    expect(chunks.length).toBeGreaterThan(40); // it stopped reading at the limit
    await expectStarted(deliver(hooks.small.id, JSON.stringify({ amount: 1 })));
  });

  it("maps { body, headers (allow-listed), query } to the input; mapping and schema failures are 422 naming the field", async () => {
    const runId = await expectStarted(
      deliver(hooks.mapped.id, JSON.stringify({ total: 4 }), { "x-source": "crm", "x-secret": "no" }, "?tag=t1"),
    );
    expect((await h.store.getRun(runId))?.input).toEqual({ amount: 8, source: "crm", q: "t1" });

    const missing = await deliver(hooks.none.id, JSON.stringify({ other: 1 }));
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain("input.amount");
    const notObject = await deliver(hooks.none.id, JSON.stringify([1, 2]));
    expect(notObject.status).toBe(422);
    expect((await notObject.json()).error.details).toEqual([{ path: "input", message: expect.stringContaining("JSON object") }]);
    const badJson = await deliver(hooks.none.id, "{nope");
    expect(badJson.status).toBe(400);
    const deep = await deliver(hooks.none.id, "[".repeat(5000) + "]".repeat(5000));
    expect(deep.status).toBe(400);
    const typed = await deliver(hooks.mapped.id, JSON.stringify({ total: "x" }));
    expect(typed.status).toBe(422);
    expect(JSON.stringify(await typed.json())).toContain("mapping");
  });

  it("accepts form and text bodies", async () => {
    const form = await deliver(hooks.none.id, "amount=2&x=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(422); // the form's amount is the string "2": the schema wants a number
    expect(JSON.stringify(await form.json())).toContain("input.amount");
    const text = await deliver(hooks.mapped.id, "hello", { "content-type": "text/plain" });
    expect(text.status).toBe(422); // text has no .total: the mapping yields no amount
  });

  it("rotation: the previous secret works during the overlap, not after a rotation without one", async () => {
    const { id, secret: old } = hooks.rotating;
    const body = (n: number) => JSON.stringify({ amount: n });
    const { secret: next } = await rotateWebhookSecret(deps, workflowId, id, 10, actor);
    expect(next).not.toBe(old);
    await expectStarted(deliver(id, body(1), signGithub(old, body(1))));
    await expectStarted(deliver(id, body(2), signGithub(next, body(2))));
    const { secret: third } = await rotateWebhookSecret(deps, workflowId, id, 0, actor);
    await expectRefused(deliver(id, body(3), signGithub(old, body(3))), "webhook_unverified");
    await expectRefused(deliver(id, body(4), signGithub(next, body(4))), "webhook_unverified");
    await expectStarted(deliver(id, body(5), signGithub(third, body(5))));
  });

  it("rate limit: over the per-minute limit is 429 with Retry-After and no run", async () => {
    const body = JSON.stringify({ amount: 1 });
    await expectStarted(deliver(hooks.limited.id, body));
    await expectStarted(deliver(hooks.limited.id, body));
    const before = await runs();
    const r = await deliver(hooks.limited.id, body);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await runs()).toBe(before);
  });

  it('respond "wait" answers 200 with the run\'s output', async () => {
    const r = await deliver(hooks.wait.id, JSON.stringify({ amount: 11 }));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "succeeded", output: { amount: 11 } });
  });

  it("unknown and disabled webhooks are 404; a deleted workflow stops its webhooks", async () => {
    await expectRefused(deliver("does-not-exist-123", "{}"), "not_found", 404);
    await expectRefused(deliver(hooks.disabled.id, JSON.stringify({ amount: 1 })), "not_found", 404);
    const other = await publish(h.db.sql, graph().start().end().edge("start", "end").build());
    const c = await createWebhook(deps, other.workflowId, actor);
    const doc = graph()
      .node({
        id: "start",
        kind: "start",
        name: "Start",
        config: { triggers: [{ kind: "webhook", id: c.triggerId, verification: "none" }] },
      })
      .end()
      .edge("start", "end")
      .build();
    await publish(h.db.sql, doc, other.workflowId);
    await expectStarted(deliver(c.triggerId, "{}"));
    await h.db.sql.run(`UPDATE "Workflow" SET "deletedAt"=? WHERE "id"=?`, [new Date().toISOString(), other.workflowId]);
    const r = await deliver(c.triggerId, "{}");
    expect(r.status).toBe(404);
  });

  it("logs deliveries (verified or why not, status, run) and sends a stored one again as a new run", async () => {
    const log = await listWebhookDeliveries(deps, workflowId, hooks.std.id);
    expect(log.some((d) => d.verified && d.status === 202 && d.runId)).toBe(true);
    expect(log.some((d) => !d.verified && d.status === 401 && d.reason?.startsWith("expired"))).toBe(true);
    expect(log.some((d) => !d.verified && d.reason?.startsWith("replayed"))).toBe(true);
    const first = log.find((d) => d.verified && d.runId && d.reason === null)!;
    const before = await runs();
    const again = await resendDelivery(deps, workflowId, hooks.std.id, first.id, actor);
    expect(again.runId).not.toBe(first.runId);
    expect(await runs()).toBe(before + 1);
    expect((await h.store.getRun(again.runId))?.input).toEqual({ amount: 5 });
    const unverified = log.find((d) => !d.verified)!;
    await expect(resendDelivery(deps, workflowId, hooks.std.id, unverified.id, actor)).rejects.toThrow(/verified/);
  });
});
