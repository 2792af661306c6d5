// Dataset imports on both databases (JSON rows, CSV, past runs; one bad row refuses all with row
// numbers, nothing written) and the LLM judge through the provider client against the fake
// OpenAI-compatible server (its JSON verdict parsed with zod; anything else is a failed grade).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDataset, getDataset, listDatasets } from "@/lib/evaluations/dataset-service";
import { llmJudge } from "@/lib/evaluations/llm-judge";
import { gradeRow } from "@/lib/evaluations/graders";
import { graderSchema } from "@/lib/evaluations/evaluation-schemas";
import { createProvider } from "@/lib/providers/provider-service";
import { providerCreateSchema } from "@/lib/providers/provider-schemas";
import { startTestRun } from "@/lib/workflows/test-runs";
import { listRuns } from "@/lib/engine/run-service";
import { listRunsQuery } from "@/lib/engine/api-schemas";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { applyTestSecretKey } from "@/tests/ai/helpers/secret-key";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { designer, PRODUCT, setDraft, SUM, sumWorkflow } from "./helpers";

describeEachDb("evaluation datasets and the LLM judge", (dialect) => {
  const { h } = useEngine(dialect);
  let model: FakeModelServer;
  beforeAll(async () => {
    applyTestSecretKey();
    model = await startFakeModelServer({ expectApiKey: "sk-judge", logUnscripted: false });
  });
  afterAll(async () => model?.close());

  it("imports JSON rows and a CSV, checking every input against the Start schema", async () => {
    const wf = await sumWorkflow(h, SUM);
    const rows = await createDataset(
      h.db,
      wf,
      { source: "rows", name: "json", rows: [{ input: { a: 1, b: 2 }, expected: { sum: 3 } }] },
      designer.id,
    );
    expect(rows).toMatchObject({ name: "json", source: "rows", rowCount: 1 });
    const csv = await createDataset(
      h.db,
      wf,
      { source: "csv", name: "csv", csv: 'a,b,expected\n1,2,"{""sum"":3}"\n4,5,\n', columns: {} },
      designer.id,
    );
    expect((await getDataset(h.db, wf, csv.id)).rows).toEqual([
      { position: 1, input: { a: 1, b: 2 }, expected: { sum: 3 } },
      { position: 2, input: { a: 4, b: 5 }, expected: undefined },
    ]);
  });

  it("one bad row refuses the import with every row number, and nothing is written", async () => {
    const wf = await sumWorkflow(h, SUM);
    const bad = await createDataset(
      h.db,
      wf,
      { source: "rows", name: "bad", rows: [{ input: { a: 1, b: 2 } }, { input: { a: "x", b: 2 } }, "nope", { input: { b: 1 } }] },
      designer.id,
    ).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "invalid_dataset" });
    const problems = (bad as { details: { problems: { row: number }[] } }).details.problems;
    expect(problems.map((p) => p.row)).toEqual([2, 3, 4]);
    expect((bad as Error).message).toMatch(/^Nothing was imported\. row 2: input\.a/);
    await expect(
      createDataset(h.db, wf, { source: "csv", name: "bad csv", csv: "a,b\n1,x\n", columns: {} }, designer.id),
    ).rejects.toMatchObject({ code: "invalid_dataset", details: { problems: [{ row: 2, message: 'b: "x" is not a number' }] } });
    expect(await listDatasets(h.db, wf)).toEqual([]);
  });

  it("imports past runs: their input, and their output as the expected value; refuses runs of other workflows and unfinished ones", async () => {
    const wf = await sumWorkflow(h, SUM);
    const { run } = await startTestRun(h.db, h.deps, wf, { input: { a: 2, b: 5 }, trigger: "manual" }, designer);
    await h.waitFor(run.id, ["succeeded"]);
    const ds = await createDataset(h.db, wf, { source: "runs", name: "from runs", runIds: [run.id] }, designer.id);
    expect((await getDataset(h.db, wf, ds.id)).rows).toEqual([{ position: 1, input: { a: 2, b: 5 }, expected: { sum: 7 } }]);
    // the row records the run it copies, so an erasure of that run's subject finds it
    expect(await h.db.sql.all(`SELECT "sourceRunId" FROM "EvalDatasetRow" WHERE "datasetId"=?`, [ds.id])).toEqual([
      { sourceRunId: run.id },
    ]);
    const other = await sumWorkflow(h, SUM);
    await expect(createDataset(h.db, other, { source: "runs", name: "x", runIds: [run.id, "nope"] }, designer.id)).rejects.toMatchObject({
      code: "invalid_dataset",
      details: { problems: [{ row: 1 }, { row: 2 }] },
    });
  });

  it("the run list the past-runs import shows filters by version and by creation time", async () => {
    const wf = await sumWorkflow(h, SUM);
    const first = (await startTestRun(h.db, h.deps, wf, { input: { a: 1, b: 1 }, trigger: "manual" }, designer)).run;
    await setDraft(h, wf, PRODUCT); // another draft: the next test run is of another snapshot
    const second = (await startTestRun(h.db, h.deps, wf, { input: { a: 1, b: 2 }, trigger: "manual" }, designer)).run;
    const ids = async (f: Partial<Parameters<typeof listRuns>[1]>) =>
      (await listRuns(h.deps, { workflowId: wf, test: "include", ...f })).runs.map((r) => r.id).sort();
    expect(await ids({})).toEqual([first.id, second.id].sort());
    expect(await ids({ versionId: first.versionId })).toEqual([first.id]);
    const at = Date.parse(first.createdAt);
    expect(await ids({ from: at - 60_000, to: at + 60_000 })).toEqual([first.id, second.id].sort());
    expect(await ids({ from: at + 60_000 })).toEqual([]);
    expect(await ids({ to: at - 60_000 })).toEqual([]);
    expect(listRunsQuery.safeParse({ from: "5", to: "4" }).success).toBe(false);
  });

  it("the LLM judge scores a row with the rubric through the provider's client; a reply that is not the verdict fails the grade", async () => {
    const provider = await createProvider(
      h.db.sql,
      providerCreateSchema.parse({ name: `judge ${dialect}`, baseUrl: model.url, apiKey: "sk-judge", defaultModel: "fake-model" }),
      null,
    );
    const judge = llmJudge(h.db.sql);
    const grader = graderSchema.parse({
      kind: "llm_judge",
      providerId: provider.id,
      rubric: "Polite and mentions the refund",
      passScore: 0.7,
    });
    const row = { input: { q: "refund?" }, output: { answer: "Your refund is on its way." }, expected: undefined, runError: null };
    model.script([
      { json: { score: 0.9, reason: "Polite, mentions the refund" } },
      { json: { score: 0.4, reason: "Curt" } },
      { content: "I think it is fine" },
      { json: { score: 7 } },
    ]);
    expect(await gradeRow([grader], row, judge)).toEqual({
      pass: true,
      scores: [{ kind: "llm_judge", pass: true, score: 0.9, detail: "Polite, mentions the refund" }],
    });
    expect((await gradeRow([grader], row, judge)).scores[0]).toMatchObject({ pass: false, score: 0.4 });
    expect((await gradeRow([grader], row, judge)).scores[0]).toMatchObject({
      pass: false,
      detail: "The judge failed: The judge did not answer with JSON",
    });
    expect((await gradeRow([grader], row, judge)).scores[0].detail).toMatch(/not \{ score 0..1, reason \}/);
    const sent = model.calls[0];
    expect(JSON.stringify(sent.messages)).toContain("Polite and mentions the refund");
    expect(JSON.stringify(sent.messages)).toContain("Your refund is on its way.");
    expect(sent.responseFormat).toMatchObject({ type: "json_schema" });
    model.assertScriptConsumed();
  });
});
