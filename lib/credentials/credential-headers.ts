// Turns a decrypted credential into request headers, and lists the values that must never be
// stored or logged (for redaction of step inputs, outputs and log lines). An OAuth client-credentials
// credential has no static headers: only MCP servers use it, with a token fetched at call time
// (lib/mcp/mcp-oauth.ts); `staticCredentialHeaders` refuses it for everything else.
import "server-only";
import { NonRetriableError } from "@/lib/engine/errors";
import { headerSecretValues, MIN_REDACTED_LENGTH } from "@/lib/security/header-secrets";
import type { CredentialSecret } from "@/lib/credentials/credential-schemas";

export function credentialHeaders(secret: CredentialSecret): Record<string, string> {
  switch (secret.type) {
    case "bearer":
      return { Authorization: `Bearer ${secret.token}` };
    case "api_key_header":
      return { [secret.header]: secret.value };
    case "basic":
      return { Authorization: `Basic ${Buffer.from(`${secret.username}:${secret.password}`).toString("base64")}` };
    case "custom_headers":
      return Object.fromEntries(secret.headers.map((h) => [h.name, h.value]));
    case "oauth_client_credentials":
      return {};
  }
}

/** Headers for HTTP nodes and tools, which cannot fetch OAuth tokens: such a credential fails the step. */
export function staticCredentialHeaders(name: string, secret: CredentialSecret): Record<string, string> {
  if (secret.type === "oauth_client_credentials") {
    throw new NonRetriableError(
      `Credential "${name}" holds OAuth client credentials, which only MCP servers can use`,
      "credential_unsupported",
    );
  }
  return credentialHeaders(secret);
}

/** The HTTP Basic value a client id and secret are sent to a token endpoint with (RFC 6749 §2.3.1). */
export function oauthClientBasic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
}

/** Every secret string of a credential, including the encoded forms that end up in headers. */
export function credentialSecretValues(secret: CredentialSecret): string[] {
  const raw =
    secret.type === "bearer"
      ? [secret.token]
      : secret.type === "api_key_header"
        ? [secret.value]
        : secret.type === "basic"
          ? [secret.password]
          : secret.type === "oauth_client_credentials"
            ? [secret.clientSecret, oauthClientBasic(secret.clientId, secret.clientSecret).slice("Basic ".length)]
            : secret.headers.map((h) => h.value);
  const all = [...raw, ...raw.map((v) => Buffer.from(v, "utf8").toString("base64")), ...headerSecretValues(credentialHeaders(secret))];
  // Very short values would redact innocent text everywhere; they are still never stored by us.
  return [...new Set(all)].filter((v) => v.length >= MIN_REDACTED_LENGTH);
}
