// Error codes of the auth domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const authCodes = {
  email_taken: { status: 409, explain: "A user with this email already exists." },
  last_admin: { status: 409, explain: "The change would leave no active admin; at least one must remain." },
  already_set_up: { status: 409, explain: "First-run setup is complete (a user exists); sign in instead." },
} as const satisfies CodeTable;
