// Error codes of the auth domain. Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const authCodes = {
  email_taken: { status: 409, explain: "A user with this email already exists." },
  last_admin: { status: 409, explain: "The change would leave no active admin; at least one must remain." },
  already_set_up: { status: 409, explain: "First-run setup is complete (a user exists); sign in instead." },
  api_key_revoked: { status: 409, explain: "The API key is already revoked; revoking or rotating it again changes nothing." },
  api_key_expired: { status: 409, explain: "The API key has expired, so it cannot be rotated; create a new key instead." },
  api_key_role_too_high: { status: 403, explain: "A key's role may not allow more than its owner's role does." },
  api_key_out_of_scope: {
    status: 403,
    explain: "The API key is limited to other workflows, or this route is not open to workflow-scoped keys.",
  },
  session_required: { status: 403, explain: "This action needs a signed-in session; API keys cannot manage keys or passwords." },
  invalid_current_password: { status: 400, explain: "The current password is wrong, so the password was not changed." },
} as const satisfies CodeTable;
