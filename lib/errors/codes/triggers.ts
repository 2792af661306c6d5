// Error codes of the triggers domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const triggersCodes = {} as const satisfies CodeTable;
