// The engine's CredentialResolver (lib/engine/ports.ts): credential id → request headers, resolved
// only inside the worker at call time. Wire it where the Worker is built:
//   new Worker({ ..., resolveCredential: createCredentialResolver(db.sql) })
// Role checks: a credential may only be used by runs whose initiator has one of its allowedRoles.
// Checked at run start (`assertCredentialUsable`) and again every time it is resolved: the HTTP node
// passes the run's initiator, the agent's HTTP tools use `resolveCredentialForRole`. A child run set
// to "latest" may meet a credential its caller's role was never checked against at start.
import "server-only";
import { NonRetriableError } from "@/lib/engine/errors";
import type { CredentialResolver } from "@/lib/engine/ports";
import { roleSchema, type Role } from "@/lib/auth/roles";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { SecretError } from "@/lib/security/secrets";
import { credentialSecretValues, staticCredentialHeaders } from "@/lib/credentials/credential-headers";
import { mcpAuthOf, type McpAuth } from "@/lib/mcp/mcp-oauth";
import { loadCredentialSecret, type LoadedCredential } from "@/lib/credentials/credential-service";
import { selectCredentialAccess } from "@/lib/db/credential-store";
import { selectUserRole } from "@/lib/db/user-role-read";

async function load(db: SqlQuery, id: string): Promise<LoadedCredential> {
  let cred: LoadedCredential | null;
  try {
    cred = await loadCredentialSecret(db, id);
  } catch (e) {
    if (e instanceof SecretError) {
      throw new NonRetriableError(`Credential ${id} cannot be decrypted (${e.code}): check SWITCHYARD_SECRET_KEY`, "credential_unreadable");
    }
    throw e;
  }
  if (!cred) throw new NonRetriableError(`Credential ${id} does not exist (deleted?)`, "credential_missing");
  return cred;
}

export function createCredentialResolver(db: SqlDb): CredentialResolver {
  return async (credentialId, use) => {
    const cred = await load(db, credentialId);
    if (use) assertRoleAllowed(cred, await userRole(db, use.initiatorId));
    return staticCredentialHeaders(cred.name, cred.secret);
  };
}

/** The role a run acts with: its initiator's, null for runs without a user (system triggers). */
export async function userRole(db: SqlQuery, userId: string | null): Promise<Role | null> {
  if (!userId) return null;
  const r = roleSchema.safeParse(await selectUserRole(db, userId));
  // A deleted user keeps no rights: treat as the least privileged role.
  return r.success ? r.data : "viewer";
}

/** Headers plus the strings to redact, for callers that store what they send (agent HTTP tools). */
export async function resolveCredentialForRole(
  db: SqlQuery,
  credentialId: string,
  role: Role | null,
): Promise<{ headers: Record<string, string>; secrets: string[] }> {
  const cred = await load(db, credentialId);
  assertRoleAllowed(cred, role);
  return { headers: staticCredentialHeaders(cred.name, cred.secret), secrets: credentialSecretValues(cred.secret) };
}

/** An MCP server's auth: static headers, or OAuth client credentials to fetch a token with. */
export async function resolveMcpAuth(db: SqlQuery, credentialId: string, role: Role | null): Promise<McpAuth> {
  const cred = await load(db, credentialId);
  assertRoleAllowed(cred, role);
  return mcpAuthOf(cred.secret);
}

function assertRoleAllowed(cred: Pick<LoadedCredential, "name" | "allowedRoles">, role: Role | null): void {
  // Runs without a user (system triggers) act with the admin's trust only if admin is allowed.
  const effective: Role = role ?? "admin";
  if (!cred.allowedRoles.includes(effective)) {
    throw new NonRetriableError(
      `Credential "${cred.name}" may not be used by runs started by the ${effective} role (allowed: ${cred.allowedRoles.join(", ")})`,
      "credential_forbidden",
    );
  }
}

/** For run start / publish: every referenced credential exists and allows `role`. */
export async function assertCredentialUsable(db: SqlQuery, credentialIds: readonly string[], role: Role | null): Promise<void> {
  const ids = [...new Set(credentialIds)];
  const found = await selectCredentialAccess(db, ids);
  for (const id of ids) {
    const cred = found.get(id);
    if (!cred) throw new NonRetriableError(`Credential ${id} does not exist`, "credential_missing");
    assertRoleAllowed(cred, role);
  }
}
