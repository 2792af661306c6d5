// A workflow that arrives as a copy (duplicate, import of an exported file, a pasted Start node) never
// shares the original's webhook URL or secret: duplicate and import register a fresh unguessable id and
// a fresh secret to the new workflow (the original's registration untouched); a paste leaves webhooks out.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copySelection, pasteIntoGraph } from "@/lib/model/clipboard";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { triggerIdSchema } from "@/lib/model/triggers";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { parseWorkflowFile, toWorkflowFile } from "@/lib/workflows/workflow-file";
import { createWorkflow, duplicateWorkflow, getWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { createWebhook, listWebhooks } from "@/lib/triggers/webhook-service";
import { openSecrets } from "@/lib/triggers/webhook-secrets";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";

type Trigger = { kind: string; id: string; mapping?: string; verification?: string };
const triggersOf = (g: DraftGraph) => (g.nodes.find((n) => n.kind === "start")!.config.triggers ?? []) as Trigger[];

function withTriggers(graph: DraftGraph, triggers: unknown[]): DraftGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.kind === "start" ? { ...n, config: { ...n.config, triggers } } : n)) };
}

describeEachDb("webhook triggers of copied workflows", (dialect) => {
  let db: TestDatabase;
  const userId = randomUUID();
  let originalId: string;
  let hookId: string;
  let originalSecrets: string;

  const registration = async (id: string) =>
    (
      await db.sql.all<{ workflowId: string; secrets: string }>(`SELECT "workflowId","secrets" FROM "WebhookTrigger" WHERE "id"=?`, [id])
    )[0];

  beforeAll(async () => {
    applyTestSecretKey();
    db = await createTestDb(dialect);
    ({ id: originalId } = await createWorkflow(db, { name: "Orders", description: "", graph: defaultGraph() }, userId));
    const hook = await createWebhook({ sql: db.sql, engine: null as never }, originalId, { id: userId, role: "designer" });
    hookId = hook.triggerId;
    const draft = (await getWorkflow(db, originalId)).draft;
    const graph = withTriggers(draft.graph, [
      { kind: "webhook", id: hookId, verification: "github", mapping: "{ 'n': body.n }" },
      { kind: "event", id: "ev-trigger-1", event: "order.paid" },
    ]);
    await saveDraft(db, originalId, { graph, expectedRevision: draft.revision }, userId);
    originalSecrets = (await registration(hookId)).secrets;
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** The copy's webhook: a new id registered to the copy with a secret of its own; the original untouched. */
  async function expectFreshWebhook(copyId: string) {
    const triggers = triggersOf((await getWorkflow(db, copyId)).draft.graph);
    const hook = triggers.find((t) => t.kind === "webhook")!;
    expect(hook.id).not.toBe(hookId);
    expect(triggerIdSchema.safeParse(hook.id).success).toBe(true);
    expect(hook.id.length).toBeGreaterThanOrEqual(24); // 18 random bytes, base64url
    // The settings travel; only the identity and the secret are new.
    expect(hook).toMatchObject({ verification: "github", mapping: "{ 'n': body.n }" });
    expect(triggers.find((t) => t.kind === "event")).toMatchObject({ id: "ev-trigger-1" });

    const reg = await registration(hook.id);
    expect(reg.workflowId).toBe(copyId);
    const [copySecret] = openSecrets(reg.secrets);
    const [originalSecret] = openSecrets(originalSecrets);
    expect(copySecret.secret).toMatch(/^whsec_/);
    expect(copySecret.secret).not.toBe(originalSecret.secret);
    expect(await registration(hookId)).toEqual({ workflowId: originalId, secrets: originalSecrets });
    expect((await listWebhooks({ sql: db.sql, engine: null as never }, copyId)).map((w) => w.triggerId)).toEqual([hook.id]);
    const audit = await db.sql.all<{ data: string }>(`SELECT "data" FROM "AuditEvent" WHERE "action"='webhook.created' AND "targetId"=?`, [
      copyId,
    ]);
    expect(audit).toHaveLength(1);
    return hook.id;
  }

  it("duplicate registers a fresh URL id and secret for the copy", async () => {
    const copy = await duplicateWorkflow(db, originalId, userId);
    await expectFreshWebhook(copy.id);
  });

  it("import of an exported file does too, and two imports do not share one", async () => {
    const draft = (await getWorkflow(db, originalId)).draft;
    const file = JSON.parse(JSON.stringify(toWorkflowFile({ name: "Orders", description: "", graph: draft.graph as never })));
    const parsed = parseWorkflowFile(file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const a = await createWorkflow(db, parsed.file, userId);
    const b = await createWorkflow(db, parsed.file, userId);
    expect(await expectFreshWebhook(a.id)).not.toBe(await expectFreshWebhook(b.id));
  });
});

describe("pasting a Start node", () => {
  it("leaves its webhook triggers out (their URL and secret belong to the copied workflow)", () => {
    const source = withTriggers(defaultGraph(), [
      { kind: "webhook", id: "hook-of-another-workflow" },
      { kind: "event", id: "ev-trigger-1", event: "order.paid" },
    ]);
    const payload = copySelection(source, new Set(source.nodes.filter((n) => n.kind === "start").map((n) => n.id)))!;
    const empty: DraftGraph = { ...defaultGraph(), nodes: [], edges: [] };
    const result = pasteIntoGraph(empty, payload);
    expect(result.droppedWebhooks).toBe(1);
    expect(triggersOf(result.graph)).toEqual([{ kind: "event", id: "ev-trigger-1", event: "order.paid" }]);
  });
});
