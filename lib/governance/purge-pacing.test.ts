import { describe, expect, it } from "vitest";
import { nextBatchRuns, PURGE_PACING, purgePauseMs } from "./purge-pacing";

describe("purge pacing", () => {
  it("sizes the next batch to the hold budget by the last batch's time per run, between one run and the most", () => {
    const p = { batchRuns: 10, holdBudgetMs: 2 };
    expect(nextBatchRuns(10, 2, p)).toBe(10); // 0.2 ms a run: ten fit
    expect(nextBatchRuns(10, 5, p)).toBe(4); // 0.5 ms a run: four fit in 2 ms
    expect(nextBatchRuns(4, 1, p)).toBe(8); // cheaper runs: it grows again
    expect(nextBatchRuns(1, 30, p)).toBe(1); // never below one run
    expect(nextBatchRuns(10, 0.5, p)).toBe(10); // never above the most
    expect(nextBatchRuns(0, 3, p)).toBe(10); // an empty batch says nothing about runs
    expect(nextBatchRuns(10, 50, { batchRuns: 20, holdBudgetMs: Number.POSITIVE_INFINITY })).toBe(20);
  });

  it("time-boxes SQLite's batches only: PostgreSQL holds no lock a run waits for", () => {
    expect(PURGE_PACING.sqlite.holdBudgetMs).toBeLessThan(5);
    expect(PURGE_PACING.postgresql.holdBudgetMs).toBe(Number.POSITIVE_INFINITY);
    expect(purgePauseMs(2, PURGE_PACING.sqlite)).toBeCloseTo(18);
  });
});
