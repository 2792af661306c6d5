// Three worker processes (scripts/worker.ts) on one PostgreSQL database: fire times that become due
// at once (the clock moved past them, never slept) each start exactly one run, and every run completes.
import { afterAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { describePostgres } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { spawnWorker, type WorkerProcess } from "@/tests/engine/helpers/processes";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, publishWorkflow, saveDraft } from "@/lib/workflows/workflow-service";

const INTERVAL_MS = 600_000;

describePostgres("schedules with 3 worker processes", () => {
  const { h } = useEngine("postgresql", { startWorker: false });
  let workers: WorkerProcess[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop())); // runs before the fixture closes the database
  });

  it("each due fire time starts exactly one run across three workers, twice over", { timeout: 120_000 }, async () => {
    const userId = randomUUID();
    await h.db.prisma.user.create({ data: { id: userId, name: "Dana", email: `${userId}@example.com`, role: "designer" } });
    const { id: workflowId } = await createWorkflow(h.db, { name: "Nightly", description: "", graph: defaultGraph() }, userId);
    const g = defaultGraph();
    const triggers = [
      { kind: "schedule", id: "ten-minutes", intervalSeconds: INTERVAL_MS / 1000, overlap: "allow", catchUp: "all", catchUpMax: 50 },
    ];
    await saveDraft(
      h.db,
      workflowId,
      { graph: { ...g, nodes: [{ ...g.nodes[0], config: { ...g.nodes[0].config, triggers } }, g.nodes[1]] }, expectedRevision: 0 },
      userId,
    );
    await publishWorkflow(h.db, workflowId, { message: "v1" }, { id: userId, authMethod: "session" });

    workers = [0, 1, 2].map(() => spawnWorker(h.db.url, { SWITCHYARD_POLL_MS: "100" }));
    await Promise.all(workers.map((w) => w.ready));

    /** Move the database clock so that `n` more fire times are due (the next one `n - 1` intervals ago). */
    const makeDue = async (n: number) => {
      const [s] = await h.db.sql.all<{ nextFireAtMs: number }>(`SELECT "nextFireAtMs" FROM "Schedule" WHERE "workflowId"=?`, [workflowId]);
      const shift = Number(s.nextFireAtMs) - (await h.db.sql.now()) + (n - 1) * INTERVAL_MS + 1;
      await h.db.sql.run(
        `UPDATE "Schedule" SET "anchorMs"="anchorMs"-?, "nextFireAtMs"="nextFireAtMs"-?, "lastFireAtMs"="lastFireAtMs"-? WHERE "workflowId"=?`,
        [shift, shift, shift, workflowId],
      );
      await h.db.sql.run(`UPDATE "ScheduleFire" SET "fireAtMs"="fireAtMs"-?`, [shift]);
    };
    const waitForSucceeded = async (n: number) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const rows = await h.db.sql.all<{ status: string; n: number }>(
          `SELECT "status", COUNT(*)::int AS n FROM "Run" WHERE "workflowId"=? GROUP BY "status"`,
          [workflowId],
        );
        if ((rows.find((r) => r.status === "succeeded")?.n ?? 0) >= n) return;
        if (Date.now() > deadline) throw new Error(JSON.stringify(rows) + workers.map((w) => w.output()).join("\n"));
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    for (const [round, total] of [
      [30, 30],
      [20, 50],
    ] as const) {
      await makeDue(round);
      await waitForSucceeded(total);
      const runs = await h.db.sql.all<{ n: number; trig: string }>(
        `SELECT COUNT(*)::int AS n, MIN("trigger") AS trig FROM "Run" WHERE "workflowId"=?`,
        [workflowId],
      );
      expect(runs[0]).toEqual({ n: total, trig: "schedule" });
      const fires = await h.db.sql.all<{ n: number; distinctRuns: number; distinctTimes: number }>(
        `SELECT COUNT(*)::int AS n, COUNT(DISTINCT "runId")::int AS "distinctRuns", COUNT(DISTINCT "fireAtMs")::int AS "distinctTimes"
         FROM "ScheduleFire" WHERE "outcome"='started'`,
      );
      expect(fires[0]).toEqual({ n: total, distinctRuns: total, distinctTimes: total });
    }
    const [s] = await h.db.sql.all<{ nextFireAtMs: number }>(`SELECT "nextFireAtMs" FROM "Schedule" WHERE "workflowId"=?`, [workflowId]);
    expect(Number(s.nextFireAtMs)).toBeGreaterThan(await h.db.sql.now());
  });
});
