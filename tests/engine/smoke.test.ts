import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { publish, transformChain } from "./helpers/graph";
import { startRun, getRun } from "@/lib/engine/run-service";
import { useEngine } from "./helpers/fixture";

describeEachDb("engine smoke", (dialect) => {
  const { h } = useEngine(dialect);

  it("runs a transform chain", async () => {
    const { versionId } = await publish(h.db.sql, transformChain());
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    await h.waitFor(run.id, ["succeeded", "failed"]);
    const d = await getRun(h.deps, run.id);
    expect(d.run.error).toBeNull();
    expect(d.run.status).toBe("succeeded");
    expect(d.run.output).toEqual({ n: 8 });
    expect(d.steps).toHaveLength(10);
  });
});
