import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { startRun } from "@/lib/engine/run-service";
import { subjectHash, subjectHashes } from "@/lib/governance/subject-hash";

describeEachDb("data subjects", (dialect) => {
  const { h } = useEngine(dialect);

  function subjectGraph(): Record<string, unknown> {
    return graph()
      .node({ id: "start", kind: "start", name: "Start", config: { subjectExpression: "$.input.applicantId" } })
      .end("end", "$.input")
      .edge("start", "end")
      .build();
  }

  it("a run stores the keyed hash of its subject, never the clear key", async () => {
    const { versionId } = await publish(h.db.sql, subjectGraph());
    const run = await startRun(h.deps, { versionId, input: { applicantId: "APP-7781" }, initiatorId: null });
    await h.waitFor(run.id, ["succeeded"]);
    const rows = await h.db.sql.all<{ subjectHash: string | null }>(`SELECT "subjectHash" FROM "Run" WHERE "id"=?`, [run.id]);
    expect(rows[0].subjectHash).toBe(subjectHash("APP-7781"));
    expect(rows[0].subjectHash).toMatch(/^hs1:[0-9a-f]{64}$/);
    expect(rows[0].subjectHash).not.toContain("APP-7781");
    expect(subjectHashes("APP-7781")[0]).toBe(subjectHash("APP-7781"));
    expect(subjectHash("APP-7782")).not.toBe(subjectHash("APP-7781"));
  });

  it("a run without a subject value has none; a workflow without the expression has none", async () => {
    const { versionId } = await publish(h.db.sql, subjectGraph());
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    const plain = await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build());
    const run2 = await startRun(h.deps, { versionId: plain.versionId, input: { applicantId: "X" }, initiatorId: null });
    const rows = await h.db.sql.all<{ subjectHash: string | null }>(`SELECT "subjectHash" FROM "Run" WHERE "id" IN (?,?)`, [
      run.id,
      run2.id,
    ]);
    expect(rows.map((r) => r.subjectHash)).toEqual([null, null]);
  });
});
