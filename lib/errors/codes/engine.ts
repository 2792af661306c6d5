// Error codes of runs, steps and task decisions (lib/engine and its store).
import type { CodeTable } from "../code-table";

export const engineCodes = {
  engine_error: { status: 500, explain: "The engine could not complete the operation." },
  lease_lost: { status: 500, explain: "A worker lost its lease on the run; nothing it was writing was committed." },
  run_finished: { status: 409, explain: "The run has already ended, so it cannot be changed." },
  run_active: { status: 409, explain: "The run is still active; rerun works on finished, failed or cancelled runs." },
  run_not_failed: { status: 409, explain: "Only a failed run can be retried in place." },
  nothing_to_retry: { status: 409, explain: "The run failed before any step ran; start a new run instead." },
  no_published_version: { status: 409, explain: "The workflow has no published version to run." },
  upstream_changed: {
    status: 409,
    explain: "Steps upstream of the rerun point differ in this version, so their results cannot be reused.",
  },
  task_closed: { status: 409, explain: "The task has already been decided, cancelled or timed out." },
  task_race: { status: 409, explain: "The task was decided concurrently by someone else." },
  run_race: { status: 409, explain: "The run changed while the operation ran; reload and try again." },
  step_race: { status: 409, explain: "The step changed while the operation ran; reload and try again." },
  task_version_conflict: { status: 409, explain: "The task changed since you opened it; reload and decide again." },
  already_decided: { status: 409, explain: "You have already decided this task." },
  test_run_only: {
    status: 403,
    explain:
      "This version is a test snapshot of a draft: only a person in the editor starts it, never the API with a key, a webhook, an event or a schedule.",
  },
  step_not_testable: {
    status: 422,
    explain: "Run one step works on HTTP and agent nodes whose upstream data is pinned or from the last test run.",
  },
} as const satisfies CodeTable;
