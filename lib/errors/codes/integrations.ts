// Error codes of the chat integrations (Slack, Teams). Add an entry here before throwing a DomainError with a new code.
import type { CodeTable } from "../code-table";

export const integrationsCodes = {
  slack_unverified: {
    status: 401,
    explain:
      "The Slack request's signature is missing or wrong, its timestamp is more than five minutes away, or Slack is not configured (`details.reason`); nothing was decided.",
  },
  slack_replayed: { status: 401, explain: "This exact signed Slack request was already handled (a replay); nothing was decided." },
} as const satisfies CodeTable;
