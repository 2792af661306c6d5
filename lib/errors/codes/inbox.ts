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
  task_claimed: {
    status: 409,
    explain: "Another reviewer has claimed the task: they decide it unless they release it or an admin takes it over.",
  },
  claim_not_applicable: {
    status: 422,
    explain: "Only open single-decision tasks you may decide can be claimed (quorum tasks need several reviewers).",
  },
  invalid_delegate: {
    status: 422,
    explain: "The delegate cannot take the tasks: yourself, an unknown or disabled user, or a user whose role may not decide tasks.",
  },
  delegation_overlap: {
    status: 409,
    explain: "The user already has an out-of-office delegation in part of that window; cancel or change it first.",
  },
  bulk_not_allowed: { status: 422, explain: "The task's approval step does not allow bulk approval; decide it on its own." },
} as const satisfies CodeTable;
