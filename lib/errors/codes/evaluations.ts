// Error codes of evaluations (lib/evaluations). Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const evaluationsCodes = {
  invalid_dataset: {
    status: 422,
    explain:
      "Rows of the dataset are not valid (not an object, not matching the Start input schema, a bad CSV cell, a run that did not succeed); `details.problems` lists each with its row number. Nothing was imported.",
  },
  evaluation_required: {
    status: 409,
    explain:
      "This workflow requires a passing evaluation before publishing: run an evaluation of the current draft that finishes at or above the pass rate its settings name.",
  },
  evaluation_finished: { status: 409, explain: "The evaluation already finished or was cancelled; there is nothing to cancel." },
} as const satisfies CodeTable;
