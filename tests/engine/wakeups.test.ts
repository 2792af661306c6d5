import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { openDatabase } from "@/lib/db/connection";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { graph, publish } from "./helpers/graph";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { useEngine } from "./helpers/fixture";

describeEachDb("wake-ups", (dialect) => {
  // a slow poll, so only the notifier / NOTIFY can explain a fast pick-up
  const { h } = useEngine(dialect, { pollMs: 60_000 });

  it("a decision in this process resumes the run at once (in-process notifier)", async () => {
    const doc = graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "x", payload: "$.input" },
      })
      .end("end", "'ok'")
      .edge("start", "ap")
      .edge("ap", "end", "approved")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await h.waitFor(run.id, ["waiting"], 2000);
    const [task] = await h.store.getTasks(run.id);
    const t0 = Date.now();
    await decideTask(h.deps, { taskId: task.id, userId: "r", userRoles: ["reviewer"], decision: "approve" });
    await h.waitFor(run.id, ["succeeded"], 2000);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  // Only this database has it; the other dialect's suite does not declare the test (nothing is skipped).
  if (dialect === "postgresql") {
    it("PostgreSQL NOTIFY reaches listeners in other connections", async () => {
      const other = openDatabase(h.db.url, { poolMax: 2 });
      const store = new SqlEngineStore(other.sql);
      let woke = 0;
      const stop = await store.listen(() => woke++);
      try {
        const { versionId } = await publish(h.db.sql, graph().start().end("end").edge("start", "end").build());
        await startRun({ store: h.store }, { versionId, input: {}, initiatorId: null });
        const deadline = Date.now() + 2000;
        while (woke === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(woke).toBeGreaterThan(0);
      } finally {
        await stop();
        await other.close();
      }
    });
  }
});
