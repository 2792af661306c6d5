// The writes one run has collected since its last commit. The interpreter only appends here; the run
// processor takes the batch and commits it in one fenced transaction.
import type { EventWrite, NewChildRun, NewTask, StepRecord } from "./ports";

export interface PendingBatch {
  steps: StepRecord[];
  events: EventWrite[];
  newTasks: NewTask[];
  closeTasks: { id: string; status: "timed_out" | "cancelled"; result?: unknown; mustBeOpen: boolean }[];
  closeAllOpenTasks: boolean;
  newRuns: NewChildRun[];
  cancelChildren: { all: boolean; stepKeys: string[] };
}

export class PendingWrites {
  /** Step rows by key: a step written twice in one batch is written once, in its last state. */
  steps = new Map<string, StepRecord>();
  events: EventWrite[] = [];
  newTasks: NewTask[] = [];
  closeTasks: PendingBatch["closeTasks"] = [];
  closeAllOpenTasks = false;
  newRuns: NewChildRun[] = [];
  cancelChildren: PendingBatch["cancelChildren"] = { all: false, stepKeys: [] };

  isEmpty(): boolean {
    return (
      this.steps.size === 0 &&
      this.events.length === 0 &&
      this.newTasks.length === 0 &&
      this.closeTasks.length === 0 &&
      this.newRuns.length === 0 &&
      !this.cancelChildren.all &&
      this.cancelChildren.stepKeys.length === 0
    );
  }

  toBatch(): PendingBatch {
    return {
      steps: [...this.steps.values()],
      events: this.events,
      newTasks: this.newTasks,
      closeTasks: this.closeTasks,
      closeAllOpenTasks: this.closeAllOpenTasks,
      newRuns: this.newRuns,
      cancelChildren: this.cancelChildren,
    };
  }
}
