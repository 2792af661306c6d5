// Error codes of the auth domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const authCodes = {} as const satisfies CodeTable;
