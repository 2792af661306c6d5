// Error codes of the agents domain (agents, credentials, model providers, memory). Add an entry here
// before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const agentsCodes = {
  name_taken: { status: 409, explain: "Another credential, provider or MCP server already has this name; pick another name." },
  default_required: { status: 409, explain: "One provider is always the default: make another provider the default instead." },
  from_environment: { status: 409, explain: "The provider comes from OPENAI_API_KEY; unset the variable to remove it." },
  key_unreadable: { status: 409, explain: "The stored API key cannot be decrypted with the current secret key; enter the key again." },
  kind_mismatch: { status: 400, explain: "The memory entry is of another kind (turn or fact) than the edit sent for it." },
  mcp_unreachable: {
    status: 502,
    explain:
      "The MCP server did not answer the tool list request (address refused, connection failed, or not an MCP server); the cached list is kept.",
  },
  credential_missing: {
    status: 422,
    explain: "A credential the workflow uses does not exist (deleted?); pick another one and publish again.",
  },
  credential_forbidden: {
    status: 403,
    explain: "A credential the workflow uses does not allow your role; ask an admin or pick another credential.",
  },
} as const satisfies CodeTable;
