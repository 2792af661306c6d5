// Turns a decrypted credential into request headers, and lists the values that must never be
// stored or logged (for redaction of step inputs, outputs and log lines).
import "server-only";
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
  }
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
          : secret.headers.map((h) => h.value);
  const all = [...raw, ...raw.map((v) => Buffer.from(v, "utf8").toString("base64")), ...headerSecretValues(credentialHeaders(secret))];
  // Very short values would redact innocent text everywhere; they are still never stored by us.
  return [...new Set(all)].filter((v) => v.length >= MIN_REDACTED_LENGTH);
}
