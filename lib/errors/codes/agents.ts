// Error codes of the agents domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const agentsCodes = {} as const satisfies CodeTable;
