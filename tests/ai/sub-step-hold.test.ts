// A held sub-step (the agent's final answer) is written with the next one when that one calls nothing
// outside, alone before a call goes out, and never lost: lib/engine/sub-steps.ts, lib/db/sub-step-store.ts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { publish, transformChain } from "@/tests/engine/helpers/graph";
import { SqlSubStepStore } from "@/lib/db/sub-step-store";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { startRun } from "@/lib/engine/run-service";
import { RetryableError } from "@/lib/engine/errors";
import { SubSteps } from "@/lib/engine/sub-steps";

describeEachDb("held sub-steps", (dialect) => {
  let db: TestDatabase;
  let versionId: string;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    ({ versionId } = await publish(db.sql, transformChain(1)));
  });
  afterAll(async () => {
    await db?.drop();
  });

  const newRun = async () =>
    (await startRun({ store: new SqlEngineStore(db.sql), notifier: new LocalNotifier() }, { versionId, input: {}, initiatorId: null })).id;
  const rows = (runId: string) =>
    db.sql.all<{ seq: number; model: string }>(`SELECT "seq","model" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [runId]);
  const totals = async (runId: string) => {
    const [r] = await db.sql.all<{ tokens: number; events: number }>(
      `SELECT "tokens", (SELECT COUNT(*) FROM "RunEvent" WHERE "runId"=? AND "type"='agent.decided') AS "events" FROM "Run" WHERE "id"=?`,
      [runId, runId],
    );
    return { tokens: Number(r.tokens), events: Number(r.events) };
  };
  const answer = { result: { text: "final" }, metrics: { inputTokens: 100, outputTokens: 20 }, hold: true };
  const decision = { result: { decided: true }, extra: { events: [{ type: "agent.decided", data: {} }] } };

  it("writes the held answer with the decision that follows it, in one write", async () => {
    const runId = await newRun();
    const store = new SqlSubStepStore(db.sql);
    const saved: number[] = [];
    const subs = await SubSteps.open(store, runId, "agent", { fresh: true, onSaved: (r) => saved.push(r.seq) });
    expect(await subs.run("fake-model", async () => answer)).toEqual({ text: "final" });
    expect(await rows(runId)).toEqual([]); // held: nothing written yet, nothing reported as written
    expect(saved).toEqual([]);
    expect(await subs.run("decision:ok", async () => decision, { local: true })).toEqual({ decided: true });
    expect(await rows(runId)).toEqual([
      { seq: 0, model: "fake-model" },
      { seq: 1, model: "decision:ok" },
    ]);
    expect(saved).toEqual([0, 1]);
    expect(await totals(runId)).toEqual({ tokens: 120, events: 1 });
  });

  it("writes the held answer before the next call goes out", async () => {
    const runId = await newRun();
    const subs = await SubSteps.open(new SqlSubStepStore(db.sql), runId, "agent", { fresh: true });
    await subs.run("fake-model", async () => answer);
    let seenByTheCall: unknown[] = [];
    await subs.run("fake-model", async () => {
      seenByTheCall = await rows(runId);
      return { result: { text: "repaired" } };
    });
    expect(seenByTheCall).toEqual([{ seq: 0, model: "fake-model" }]);
    expect((await rows(runId)).map((r) => r.seq)).toEqual([0, 1]);
  });

  it("writes a held answer when the step ends without a decision", async () => {
    const runId = await newRun();
    const subs = await SubSteps.open(new SqlSubStepStore(db.sql), runId, "agent", { fresh: true });
    await subs.run("fake-model", async () => answer);
    await subs.flush();
    expect(await rows(runId)).toEqual([{ seq: 0, model: "fake-model" }]);
    expect((await totals(runId)).tokens).toBe(120);
  });

  it("writes nothing built on a held answer another holder recorded first, and ends the attempt", async () => {
    const runId = await newRun();
    const store = new SqlSubStepStore(db.sql);
    const mine = await SubSteps.open(store, runId, "agent", { fresh: true });
    await mine.run("fake-model", async () => answer);
    // the other holder of the step (a zombie, or the successor) writes position 0 first
    const other = await SubSteps.open(store, runId, "agent");
    await other.run("fake-model", async () => ({ result: { text: "theirs" }, metrics: { inputTokens: 1, outputTokens: 1 } }));
    const err = await mine.run("decision:ok", async () => decision, { local: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).errorCode).toBe("sub_step_conflict");
    expect(await rows(runId)).toEqual([{ seq: 0, model: "fake-model" }]);
    expect(await totals(runId)).toEqual({ tokens: 2, events: 0 });
    // the next attempt replays the stored answer
    const next = await SubSteps.open(store, runId, "agent");
    expect(await next.run("fake-model", async () => answer)).toEqual({ text: "theirs" });
  });
});
