// Error codes of the workflows domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const workflowsCodes = {
  draft_conflict: { status: 409, explain: "The draft was saved elsewhere since you loaded it; `details.draft` is the current one." },
  publish_conflict: { status: 409, explain: "Another version of this workflow was published at the same moment; publish again." },
  invalid_graph: { status: 422, explain: "The draft has errors that block publishing; `details.problems` lists each one." },
  invalid_workflow_file: {
    status: 422,
    explain: "The imported file or its graph does not match the schema; `details.problems` lists each one.",
  },
  unknown_template: { status: 400, explain: "No template has this id." },
  not_pinnable: { status: 422, explain: "Only the output of an HTTP, agent or sub-workflow node of the draft can be pinned." },
  workflow_has_active_runs: { status: 409, explain: "Runs of this workflow are still active; cancel or finish them before deleting it." },
} as const satisfies CodeTable;
