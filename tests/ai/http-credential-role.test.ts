// The HTTP node checks a credential's allowed roles against the run's initiator when it resolves
// the credential, not only at run start: a run that reached the engine without the start check (a
// child run on "latest" whose version changed, here a run started on the engine directly) may not
// use a credential its initiator's role is not allowed, and nothing is sent.
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential } from "@/lib/credentials/credential-service";
import type { CredentialResolver } from "@/lib/engine/ports";
import { getRun, startRun } from "@/lib/engine/run-service";
import { applyTestSecretKey } from "./helpers/secret-key";
import { useEngine } from "@/tests/engine/helpers/fixture";

describeEachDb("HTTP node credential roles at call time", (dialect) => {
  const { h, sink } = useEngine(dialect, { resolveCredential: (id, use) => creds.resolve!(id, use), sink: true });
  const creds: { resolve?: CredentialResolver } = {};
  beforeAll(async () => {
    applyTestSecretKey();
    creds.resolve = createCredentialResolver(h.db.sql);
  });

  it("refuses an admin-only credential for a designer's run before sending; an admin's run sends it", async () => {
    const cred = await createCredential(
      h.db.sql,
      credentialCreateSchema.parse({ name: "Ops API", secret: { type: "bearer", token: "ops-token-77" }, allowedRoles: ["admin"] }),
      null,
    );
    const users = { designer: randomUUID(), admin: randomUUID() };
    for (const [role, id] of Object.entries(users)) {
      await h.db.prisma.user.create({ data: { id, name: role, email: `${id}@example.com`, role } });
    }
    const doc = graph()
      .start()
      .node({ id: "call", kind: "http", config: { method: "POST", url: `${sink.url}/ops`, credentialId: cred.id } })
      .end("end", "$.steps.call.output.status")
      .chain("start", "call", "end")
      .build();
    const { versionId } = await publish(h.db.sql, doc);

    const denied = await startRun(h.deps, { versionId, input: {}, initiatorId: users.designer });
    expect(await h.waitFor(denied.id, ["succeeded", "failed"])).toBe("failed");
    expect((await getRun(h.deps, denied.id)).run.error).toMatchObject({ code: "credential_forbidden", stepKey: "call" });
    expect(sink.requests.filter((r) => r.path === "/ops")).toHaveLength(0);

    const allowed = await startRun(h.deps, { versionId, input: {}, initiatorId: users.admin });
    expect(await h.waitFor(allowed.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(sink.requests.filter((r) => r.path === "/ops")).toHaveLength(1);
  });
});
