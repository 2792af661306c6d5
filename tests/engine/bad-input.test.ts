import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { getRun, listRuns, startRun } from "@/lib/engine/run-service";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "@/lib/engine/errors";
import { useEngine } from "./helpers/fixture";

describeEachDb("bad input", (dialect) => {
  const { h } = useEngine(dialect);

  const count = async (table: string) => Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);

  it("rejects invalid graphs with the list of problems and writes nothing", async () => {
    const runs = await count("Run");
    const noStart = graph().transform("t", "1").end("end").chain("t", "end").build();
    const { versionId } = await publish(h.db.sql, noStart);
    const err = await startRun(h.deps, { versionId, input: {}, initiatorId: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems.length).toBeGreaterThan(0);
    const broken = await publish(h.db.sql, { schemaVersion: 1, nodes: [{ id: "x" }], edges: [] });
    await expect(startRun(h.deps, { versionId: broken.versionId, input: {}, initiatorId: null })).rejects.toBeInstanceOf(ValidationError);
    await expect(startRun(h.deps, { versionId: "missing", input: {}, initiatorId: null })).rejects.toBeInstanceOf(NotFoundError);
    expect(await count("Run")).toBe(runs);
    expect(await count("AuditEvent")).toBe(0);
  });

  it("validates run input against the start node's JSON Schema", async () => {
    const doc = graph()
      .start({
        type: "object",
        properties: {
          name: { type: "string", minLength: 2 },
          qty: { type: "integer", minimum: 1, maximum: 10 },
          kind: { type: "string", enum: ["a", "b"] },
        },
        required: ["name", "qty"],
      })
      .end("end", "$.input")
      .edge("start", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const err = (await startRun(h.deps, { versionId, input: { name: "x", qty: 11.5, kind: "c" }, initiatorId: null }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe("validation_failed");
    expect(err.problems.map((p) => p.path).sort()).toEqual(["input.kind", "input.name", "input.qty"]);
    const missing = (await startRun(h.deps, { versionId, input: {}, initiatorId: null }).catch((e: unknown) => e)) as ValidationError;
    expect(missing.problems.map((p) => p.path).sort()).toEqual(["input.name", "input.qty"]);
    await expect(startRun(h.deps, { versionId, input: [1], initiatorId: null })).rejects.toBeInstanceOf(ValidationError);
    await expect(startRun(h.deps, { versionId, input: { name: "x".repeat(2_000_000), qty: 1 }, initiatorId: null })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    const ok = await startRun(h.deps, { versionId, input: { name: "xy", qty: 3 }, initiatorId: null });
    await h.waitFor(ok.id, ["succeeded"]);
  });

  it("an expression that throws or runs too long fails its step with a clear error", async () => {
    const doc = graph()
      .start()
      .transform("loop", "($f := function($n){ $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))")
      .end("end")
      .chain("start", "loop", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(run.id, ["failed", "succeeded"], 20_000)).toBe("failed");
    const d = await getRun(h.deps, run.id);
    expect(d.run.error).toMatchObject({ code: "expression_timeout", stepKey: "loop" });
    expect((d.run.error as { message: string }).message).toMatch(/time budget/);
  });

  it("an oversized step output fails the step", async () => {
    const doc = graph().start().transform("big", "$pad('', 2000000, 'x')").end("end").chain("start", "big", "end").build();
    const { versionId } = await publish(h.db.sql, doc);
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(run.id, ["failed", "succeeded"])).toBe("failed");
    expect((await getRun(h.deps, run.id)).run.error).toMatchObject({ code: "expression_size" });
  });

  it("lists runs with filters and cursor pagination; rejects bad cursors", async () => {
    const page1 = await listRuns(h.deps, { limit: 2 });
    expect(page1.runs).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await listRuns(h.deps, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.runs[0].id).not.toBe(page1.runs[1].id);
    const failed = await listRuns(h.deps, { status: "failed", limit: 50 });
    expect(failed.runs.every((r) => r.status === "failed")).toBe(true);
    await expect(listRuns(h.deps, { cursor: "garbage" })).rejects.toMatchObject({ status: 400 });
    await expect(getRun(h.deps, "nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});
