// Error codes of the triggers domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const triggersCodes = {
  idempotency_key_reused: {
    status: 422,
    explain: "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
  },
} as const satisfies CodeTable;
