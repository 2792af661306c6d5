// Error codes of the inbox domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const inboxCodes = {} as const satisfies CodeTable;
