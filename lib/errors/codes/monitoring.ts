// Error codes of the monitoring domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const monitoringCodes = {} as const satisfies CodeTable;
