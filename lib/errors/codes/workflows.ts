// Error codes of the workflows domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const workflowsCodes = {} as const satisfies CodeTable;
