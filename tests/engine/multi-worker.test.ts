// Three worker processes on one PostgreSQL database: 300 runs of a 10-step workflow with parallel
// branches; every step must complete exactly once.
import { afterAll, expect, it } from "vitest";
import { describePostgres } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { spawnWorker, type WorkerProcess } from "./helpers/processes";
import { startRun } from "@/lib/engine/run-service";
import { useEngine } from "./helpers/fixture";

const RUNS = 300;
describePostgres("multi-worker (3 processes)", () => {
  const { h } = useEngine("postgresql", { startWorker: false });
  let workers: WorkerProcess[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  it(`${RUNS} runs × 10 steps complete, each step exactly once`, { timeout: 150_000 }, async () => {
    const doc = graph()
      .start()
      .transform("a", "{ 'v': 1 }")
      .transform("b1", "$.steps.a.output.v + 1")
      .transform("b2", "$.steps.a.output.v + 2")
      .transform("b3", "$.steps.a.output.v + 3")
      .node({ id: "j", kind: "join", config: { mode: "all" } })
      .transform("c", "$sum([$.steps.b1.output, $.steps.b2.output, $.steps.b3.output])")
      .node({ id: "d", kind: "condition", config: { branches: [{ id: "ok", label: "ok", expression: "$.steps.c.output = 9" }] } })
      .transform("e", "'fine'")
      .end("end", "$.steps.e.output")
      .edge("start", "a")
      .edge("a", "b1")
      .edge("a", "b2")
      .edge("a", "b3")
      .edge("b1", "j")
      .edge("b2", "j")
      .edge("b3", "j")
      .edge("j", "c")
      .edge("c", "d")
      .edge("d", "e", "ok")
      .edge("e", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    workers = [0, 1, 2].map(() => spawnWorker(h.db.url, { SWITCHYARD_WORKER_CONCURRENCY: "16", SWITCHYARD_POLL_MS: "500" }));
    await Promise.all(workers.map((w) => w.ready));
    for (let i = 0; i < RUNS; i++) await startRun(h.deps, { versionId, input: { i }, initiatorId: null });
    const deadline = Date.now() + 120_000; // generous: the CI machine may be shared
    for (;;) {
      const rows = await h.db.sql.all<{ status: string; n: number }>(
        `SELECT "status", COUNT(*)::int AS n FROM "Run" WHERE "versionId"=? GROUP BY "status"`,
        [versionId],
      );
      const done = rows.find((r) => r.status === "succeeded")?.n ?? 0;
      if (done === RUNS) break;
      if (rows.some((r) => r.status === "failed") || Date.now() > deadline)
        throw new Error(JSON.stringify(rows) + workers.map((w) => w.output()).join("\n"));
      await new Promise((r) => setTimeout(r, 100));
    }
    const steps = await h.db.sql.all<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM "Step" s JOIN "Run" r ON r."id"=s."runId" WHERE r."versionId"=? AND s."status"='succeeded'`,
      [versionId],
    );
    expect(steps[0].n).toBe(RUNS * 10);
    const dup = await h.db.sql.all(
      `SELECT e."runId", e."stepKey", COUNT(*) AS n FROM "RunEvent" e JOIN "Run" r ON r."id"=e."runId"
       WHERE r."versionId"=? AND e."type"='step.succeeded' GROUP BY e."runId", e."stepKey" HAVING COUNT(*) > 1`,
      [versionId],
    );
    expect(dup).toEqual([]);
    const events = await h.db.sql.all<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM "RunEvent" e JOIN "Run" r ON r."id"=e."runId" WHERE r."versionId"=? AND e."type"='step.succeeded'`,
      [versionId],
    );
    expect(events[0].n).toBe(RUNS * 10);
    const owners = await h.db.sql.all<{ n: number }>(
      `SELECT COUNT(DISTINCT "leaseOwner")::int AS n FROM "Run" WHERE "leaseOwner" IS NOT NULL`,
    );
    expect(owners[0].n).toBe(0);
  });
});
