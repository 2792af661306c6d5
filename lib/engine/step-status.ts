import type { StepRecord } from "./ports";

/** A step that has not finished: it may still start, run, or wake. */
export function isOpenStep(s: StepRecord): boolean {
  return s.status === "pending" || s.status === "running" || s.status === "waiting";
}
