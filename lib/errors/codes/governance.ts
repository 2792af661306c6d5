// Error codes of the governance domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const governanceCodes = {} as const satisfies CodeTable;
