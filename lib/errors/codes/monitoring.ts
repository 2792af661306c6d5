// Error codes of the monitoring domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const monitoringCodes = {
  too_many_runs: { status: 422, explain: "A bulk action matched more runs than one request may act on; narrow the filter." },
  count_changed: { status: 409, explain: "The runs a bulk action would act on changed since the preview; review and confirm again." },
} as const satisfies CodeTable;
