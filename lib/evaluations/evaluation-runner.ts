// One step of an evaluation, as the worker's evaluation sweeper takes it: grade the rows whose test
// run finished, start pending rows up to the evaluation's concurrency, finish it when every row is
// done; for a cancelled one, cancel the runs still in flight. Every state is in the database, so
// whichever worker holds the lease next continues where the last one stopped. A row's run starts
// with an Idempotency-Key of (evaluation, row, target): a worker that died between starting the
// run and recording it gets the same run back instead of a second one.
import "server-only";
import type { SqlDb } from "@/lib/db/sql";
import * as evals from "@/lib/db/evaluation-store";
import { datasetRows, type DatasetRow } from "@/lib/db/eval-dataset-store";
import { cancelRun, startRunOnce, type EngineDeps } from "@/lib/engine/run-service";
import { isTerminalRun } from "@/lib/model/vocabulary";
import { gradersSchema, type Grader } from "./evaluation-schemas";
import { gradeRow, type Judge } from "./graders";
import { evaluationTotals } from "./results";

export interface RunnerDeps {
  sql: SqlDb;
  engine: EngineDeps;
  judge?: Judge;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A run the row stops waiting for: finished, or parked on a person (an escalation or approval). */
function settled(run: evals.RowRun): boolean {
  return isTerminalRun(run.status) || (run.status === "waiting" && run.waitingOn === "task");
}

function runError(run: evals.RowRun): string | null {
  if (run.status === "succeeded") return null;
  if (run.status === "waiting") return "The run waits for a person (escalated or an approval): cancelled by the evaluation";
  const err = run.error as { message?: unknown } | null;
  return `The run ${run.status}${typeof err?.message === "string" ? `: ${err.message}` : ""}`;
}

export class EvaluationRunner {
  /** Dataset rows are immutable: read once per evaluation. */
  private readonly data = new Map<string, Map<number, DatasetRow>>();

  constructor(private readonly deps: RunnerDeps) {}

  private async rowsOf(e: evals.EvaluationRecord): Promise<Map<number, DatasetRow>> {
    let m = this.data.get(e.id);
    if (!m) {
      m = new Map((await datasetRows(this.deps.sql, e.datasetId)).map((r) => [r.position, r]));
      this.data.set(e.id, m);
    }
    return m;
  }

  /** Advance one evaluation; true while it has work left. */
  async advance(id: string): Promise<boolean> {
    const e = await evals.getEvaluation(this.deps.sql, id);
    if (!e) return false;
    if (e.status === "cancelled") {
      await this.closeCancelled(e);
      return false;
    }
    if (e.status !== "queued" && e.status !== "running") return false;
    if (e.status === "queued") await evals.setEvaluationStatus(this.deps.sql, id, ["queued"], "running");
    const graders = gradersSchema.parse(e.graders);
    const data = await this.rowsOf(e);
    const running = await evals.rowsInStatus(this.deps.sql, id, "running", 10_000);
    const runs = await evals.rowRuns(
      this.deps.sql,
      running.map((r) => r.runId).filter((x): x is string => x !== null),
    );
    let inFlight = 0;
    await Promise.all(
      running.map(async (row) => {
        const run = row.runId ? runs.get(row.runId) : undefined;
        if (run && !settled(run)) {
          inFlight++;
          return;
        }
        await this.grade(e, graders, row, data.get(row.position), run);
      }),
    );
    const free = e.concurrency - inFlight;
    const pending = free > 0 ? await evals.rowsInStatus(this.deps.sql, id, "pending", free) : [];
    await Promise.all(pending.map((row) => this.start(e, graders, row, data.get(row.position))));
    if (inFlight === 0 && pending.length === 0) {
      const all = await evals.evaluationRows(this.deps.sql, id);
      if (all.every((r) => r.status === "done")) {
        const totals = evaluationTotals(all, e.compareVersionId !== null);
        await evals.finishEvaluation(this.deps.sql, id, totals, totals.a.passRate ?? 0, Date.now());
        this.data.delete(id);
        return false;
      }
    }
    return true;
  }

  private async start(e: evals.EvaluationRecord, graders: Grader[], row: evals.EvaluationRowRecord, data: DatasetRow | undefined) {
    try {
      const { run } = await startRunOnce(this.deps.engine, {
        versionId: row.target === "a" ? e.targetVersionId : e.compareVersionId!,
        input: data?.input ?? {},
        initiatorId: e.createdById,
        initiatorRole: e.createdByRole,
        trigger: "manual",
        test: true,
        idempotency: {
          scope: `evaluation:${e.id}`,
          key: `${row.position}:${row.target}`,
          request: { position: row.position, target: row.target },
        },
      });
      await evals.markRowStarted(this.deps.sql, e.id, row.position, row.target, run.id);
    } catch (err) {
      // The start was refused (input not valid for this version, a credential the creator may not use):
      // the row is done and failed, with the reason.
      await evals.markRowStarted(this.deps.sql, e.id, row.position, row.target, null);
      const runError = `The run could not start: ${message(err)}`;
      const graded = await gradeRow(graders, { input: data?.input, output: null, expected: data?.expected, runError });
      await evals.markRowDone(this.deps.sql, e.id, row.position, row.target, {
        output: { error: runError },
        ...graded,
        costUsd: 0,
        latencyMs: 0,
        escalated: false,
      });
    }
  }

  private async grade(
    e: evals.EvaluationRecord,
    graders: Grader[],
    row: evals.EvaluationRowRecord,
    data: DatasetRow | undefined,
    run: evals.RowRun | undefined,
  ) {
    if (run?.status === "waiting") {
      await cancelRun(this.deps.engine, { runId: run.id, userId: null, reason: "Evaluation row graded" }).catch(() => undefined);
    }
    const error = run ? runError(run) : "The run is gone";
    const graded = await gradeRow(
      graders,
      { input: data?.input, output: run?.status === "succeeded" ? run.output : null, expected: data?.expected, runError: error },
      this.deps.judge,
    );
    await evals.markRowDone(this.deps.sql, e.id, row.position, row.target, {
      output: error ? { error } : (run?.output ?? null),
      ...graded,
      costUsd: run?.costUsd ?? 0,
      latencyMs: run?.startedAtMs != null && run.finishedAtMs != null ? run.finishedAtMs - run.startedAtMs : 0,
      escalated: run?.escalated === true || run?.status === "waiting",
    });
  }

  private async closeCancelled(e: evals.EvaluationRecord) {
    for (const row of await evals.rowsInStatus(this.deps.sql, e.id, "running", 10_000)) {
      if (!row.runId) continue;
      await cancelRun(this.deps.engine, { runId: row.runId, userId: null, reason: "Evaluation cancelled" }).catch(() => undefined);
    }
    await evals.cancelOpenRows(this.deps.sql, e.id);
    const all = await evals.evaluationRows(this.deps.sql, e.id);
    await evals.closeCancelled(this.deps.sql, e.id, evaluationTotals(all, e.compareVersionId !== null), Date.now());
    this.data.delete(e.id);
  }
}
