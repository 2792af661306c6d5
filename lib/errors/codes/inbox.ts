// Error codes of the inbox domain. Add an entry here before throwing a DomainError with a new code.
// (Task state and version conflicts — task_closed, task_version_conflict — are the engine's codes.)
import type { CodeTable } from "../code-table";

export const inboxCodes = {
  invalid_assignee: {
    status: 422,
    explain: "The new assignee cannot decide tasks: an unknown or disabled user, or a user or role whose role may not decide.",
  },
  separation_of_duties: { status: 422, explain: "The run's initiator may not be assigned its approval (separation of duties)." },
  already_assigned: { status: 422, explain: "The task is already assigned to exactly that user or role." },
} as const satisfies CodeTable;
