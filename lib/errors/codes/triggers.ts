// Error codes of the triggers domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const triggersCodes = {
  idempotency_key_reused: {
    status: 422,
    explain: "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
  },
  webhook_unverified: {
    status: 401,
    explain: "The webhook delivery's signature or token is missing, wrong or expired (`details.reason`); no run was started.",
  },
  webhook_replayed: {
    status: 401,
    explain: "This exact signed delivery was already received within the tolerance window (a replay); no run was started.",
  },
  webhook_not_live: { status: 409, explain: "The webhook is not in the workflow's live version (publish it first) or is disabled." },
  invalid_schedule: {
    status: 422,
    explain: "The cron expression, interval or time zone cannot be used; `details.problems` names the field.",
  },
  event_mapping_failed: {
    status: 422,
    explain: "An event trigger's mapping expression failed on the event, so its workflow was not started.",
  },
  callback_already_received: { status: 409, explain: "This callback URL was already used: a Wait for callback step resumes once." },
  callback_expired: { status: 409, explain: "The Wait for callback step timed out or ended before this callback arrived." },
} as const satisfies CodeTable;
