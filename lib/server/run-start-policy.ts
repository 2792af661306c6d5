// The application's RunStartPolicy (lib/engine/run-start-policy.ts): every credential a version
// uses, including through the sub-workflows it calls, must exist and allow the initiator's role.
// Runs without a user (system triggers) act with the admin's trust, as the credential resolver
// treats them when the credential is used.
import "server-only";
import { roleSchema } from "@/lib/auth/roles";
import { assertRunCredentials } from "@/lib/credentials/credential-references";
import { userRole } from "@/lib/credentials/credential-resolver";
import type { SqlDb } from "@/lib/db/sql";
import type { RunStartPolicy } from "@/lib/engine/run-start-policy";

export function credentialRunStartPolicy(sql: SqlDb): RunStartPolicy {
  return {
    async assertMayStart(version, initiator) {
      const given = roleSchema.safeParse(initiator.role);
      const role = given.success ? given.data : await userRole(sql, initiator.userId);
      await assertRunCredentials(sql, version.graph, role ?? "admin");
    },
  };
}
