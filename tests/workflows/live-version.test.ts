// The live version: publish makes the new version live unless told not to, any published version can
// be made live (promote or roll back) with its audit record in the same transaction, and every way of
// starting by workflowId (startRun, findStartVersion for triggers, reruns on "latest") uses it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { findStartVersion } from "@/lib/db/start-version";
import { verifyChain } from "@/lib/db/audit-store";
import { startRun } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  listVersions,
  makeVersionLive,
  publishWorkflow,
  saveDraft,
} from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";
import { beforeAuditAppend } from "./helpers/audit-fault";

function withTransform(expression: string): DraftGraph {
  const graph = defaultGraph();
  const t = createNode("transform", { id: "t1", name: "Shape", position: { x: 0, y: 80 } });
  t.config.expression = expression;
  return {
    ...graph,
    nodes: [...graph.nodes, t],
    edges: [
      { id: "a", source: "start", sourceHandle: "out", target: "t1", targetHandle: "in" },
      { id: "b", source: "t1", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

describeEachDb("live version", (dialect) => {
  let db: TestDatabase;
  const userId = randomUUID();
  const otherId = randomUUID();
  const actor = { id: userId, authMethod: "session" as const };
  const other = { id: otherId, authMethod: "session" as const };

  const liveAudits = async (workflowId: string) =>
    (
      await db.sql.all<{ actorId: string; data: string }>(
        `SELECT "actorId","data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='workflow.live_changed' ORDER BY "id"`,
        [workflowId],
      )
    ).map((r) => ({ actorId: r.actorId, ...(JSON.parse(r.data) as Record<string, unknown>) }));

  /** A workflow with three published versions; v1 and v2 live when published, v3 not. */
  async function threeVersions(): Promise<string> {
    const { id } = await createWorkflow(db, { name: "Loans", description: "", graph: withTransform("{ 'v': 1 }") }, userId);
    await publishWorkflow(db, id, { message: "one" }, actor);
    await saveDraft(db, id, { graph: withTransform("{ 'v': 2 }"), expectedRevision: 0 }, userId);
    await publishWorkflow(db, id, { message: "two" }, actor);
    await saveDraft(db, id, { graph: withTransform("{ 'v': 3 }"), expectedRevision: 1 }, userId);
    const v3 = await publishWorkflow(db, id, { message: "three", makeLive: false }, actor);
    expect(v3.live).toBe(false);
    return id;
  }

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: userId, name: "Dana Designer", email: `${userId}@example.com`, role: "designer" } });
    await db.prisma.user.create({ data: { id: otherId, name: "Olu Operator", email: `${otherId}@example.com`, role: "admin" } });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("publish makes the new version live by default; makeLive false publishes without moving what runs start", async () => {
    const id = await threeVersions();
    const wf = await getWorkflow(db, id);
    expect(wf.latestVersion?.version).toBe(3);
    expect(wf.liveVersion).toMatchObject({ version: 2, by: { id: userId, name: "Dana Designer" } });
    expect(wf.liveVersion?.since).toBe(wf.liveVersion?.createdAt); // live since it was published

    expect((await findStartVersion(db.sql, id))?.version).toBe(2);
    const store = new SqlEngineStore(db.sql);
    const run = await startRun({ store }, { workflowId: id, input: {}, initiatorId: userId });
    expect(run.versionId).toBe(wf.liveVersion?.id);
    expect((await store.findVersion(id, "latest"))?.version).toBe(2);

    const list = await listVersions(db, id);
    expect(list.map((v) => [v.version, v.live !== null])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
    expect(list[1].live?.by?.name).toBe("Dana Designer");

    const published = await db.sql.all<{ data: string }>(
      `SELECT "data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='workflow.published' ORDER BY "id"`,
      [id],
    );
    expect(published.map((r) => (JSON.parse(r.data) as { live: boolean }).live)).toEqual([true, true, false]);
  });

  it("promote and roll back move the pointer in one click each, audited with who and the direction", async () => {
    const id = await threeVersions();

    const promoted = await makeVersionLive(db, id, 3, other);
    expect(promoted).toMatchObject({ version: 3, by: { id: otherId, name: "Olu Operator" } });
    expect((await findStartVersion(db.sql, id))?.version).toBe(3);

    const rolledBack = await makeVersionLive(db, id, 1, actor);
    expect(rolledBack).toMatchObject({ version: 1, by: { id: userId } });
    expect(Date.parse(rolledBack.since ?? "")).toBeGreaterThanOrEqual(Date.parse(promoted.since ?? ""));
    expect((await findStartVersion(db.sql, id))?.version).toBe(1);
    const store = new SqlEngineStore(db.sql);
    expect((await startRun({ store }, { workflowId: id, input: {}, initiatorId: userId })).versionId).toBe(rolledBack.id);

    // Making the live version live again changes nothing and records nothing.
    await makeVersionLive(db, id, 1, other);
    expect((await getWorkflow(db, id)).liveVersion?.by?.id).toBe(userId);

    expect(await liveAudits(id)).toEqual([
      expect.objectContaining({ actorId: otherId, version: 3, previousVersion: 2, direction: "promote" }),
      expect.objectContaining({ actorId: userId, version: 1, previousVersion: 3, direction: "rollback" }),
    ]);
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("refuses versions that do not exist and deleted workflows; a deleted workflow starts nothing", async () => {
    const id = await threeVersions();
    const missing = await makeVersionLive(db, id, 9, actor).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect((missing as DomainError).code).toBe("not_found");
    expect((await findStartVersion(db.sql, id))?.version).toBe(2);

    const { id: never } = await createWorkflow(db, { name: "Unpublished", description: "", graph: defaultGraph() }, userId);
    expect(await findStartVersion(db.sql, never)).toBeNull();
    expect((await getWorkflow(db, never)).liveVersion).toBeNull();

    await deleteWorkflow(db, id, actor);
    expect(await findStartVersion(db.sql, id)).toBeNull();
    expect(await new SqlEngineStore(db.sql).liveVersion(id)).toBeNull();
    await expect(makeVersionLive(db, id, 1, actor)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a failing audit append leaves the live version where it was", async () => {
    const id = await threeVersions();
    const failing = {
      ...db,
      sql: beforeAuditAppend(db.sql, async () => {
        throw new Error("audit append failed");
      }),
    };
    await expect(makeVersionLive(failing, id, 3, actor)).rejects.toThrow("audit append failed");
    expect((await findStartVersion(db.sql, id))?.version).toBe(2);
    expect(await liveAudits(id)).toEqual([]);
  });

  it("the schedule registry follows the live version: publishing without going live leaves it, promote and roll back replace it", async () => {
    const withSchedules = (ids: string[]): DraftGraph => {
      const g = defaultGraph();
      const triggers = ids.map((id) => ({ kind: "schedule", id, intervalSeconds: 3600 }));
      return { ...g, nodes: [{ ...g.nodes[0], config: { ...g.nodes[0].config, triggers } }, g.nodes[1]] };
    };
    const schedules = async (workflowId: string) =>
      (
        await db.sql.all<{ triggerId: string; versionId: string }>(
          `SELECT "triggerId","versionId" FROM "Schedule" WHERE "workflowId"=? ORDER BY "triggerId"`,
          [workflowId],
        )
      ).map((r) => [r.triggerId, r.versionId]);

    const { id } = await createWorkflow(db, { name: "Nightly", description: "", graph: withSchedules(["hourly-one"]) }, userId);
    const v1 = await publishWorkflow(db, id, { message: "one" }, actor);
    expect(await schedules(id)).toEqual([["hourly-one", v1.version.id]]);

    await saveDraft(db, id, { graph: withSchedules(["other-one"]), expectedRevision: 0 }, userId);
    const v2 = await publishWorkflow(db, id, { message: "two", makeLive: false }, actor);
    expect(await schedules(id)).toEqual([["hourly-one", v1.version.id]]);

    await makeVersionLive(db, id, 2, actor);
    expect(await schedules(id)).toEqual([["other-one", v2.version.id]]);
    await makeVersionLive(db, id, 1, actor);
    expect(await schedules(id)).toEqual([["hourly-one", v1.version.id]]);

    // A schedule that could never be registered refuses the publish even when it would not go live yet.
    const bad = withSchedules([]);
    bad.nodes[0].config = { ...bad.nodes[0].config, triggers: [{ kind: "schedule", id: "broken-one", cron: "61 * * * *" }] };
    await saveDraft(db, id, { graph: bad, expectedRevision: 1 }, userId);
    await expect(publishWorkflow(db, id, { message: "bad", makeLive: false }, actor)).rejects.toMatchObject({ code: "invalid_graph" });
  });

  it("the migration points existing workflows at their latest published version", async () => {
    const id = await threeVersions();
    const { id: unpublished } = await createWorkflow(db, { name: "Draft only", description: "", graph: defaultGraph() }, userId);
    await db.sql.run(`UPDATE "Workflow" SET "liveVersionId"=NULL, "liveSince"=NULL, "liveById"=NULL`);
    const dir = dialect === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations";
    const sqlText = readFileSync(path.resolve(__dirname, "../..", dir, "0014_live_version/migration.sql"), "utf8");
    const backfill = sqlText
      .split(/;\s*\n/)
      .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
      .filter((s) => s.startsWith("UPDATE"));
    expect(backfill).toHaveLength(1);
    await db.sql.run(backfill[0]);

    const wf = await getWorkflow(db, id);
    expect(wf.liveVersion).toMatchObject({ version: 3, by: { id: userId } });
    expect(wf.liveVersion?.since).toBe(wf.liveVersion?.createdAt);
    expect((await getWorkflow(db, unpublished)).liveVersion).toBeNull();
  });
});
