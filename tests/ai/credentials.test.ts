import { randomUUID } from "node:crypto";
// Credentials: encrypted at rest, write-only, resolved to headers only inside the engine, usable
// only by the roles they allow.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredential, deleteCredential, getCredential, listCredentials, updateCredential } from "@/lib/credentials/credential-service";
import { assertCredentialUsable, createCredentialResolver, resolveCredentialForRole } from "@/lib/credentials/credential-resolver";
import { applyTestSecretKey } from "./helpers/secret-key";

const TOKEN = "tok-very-secret-000111222";

describeEachDb("credentials", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    applyTestSecretKey();
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("never returns or stores the secret in clear, and resolves each type to headers", async () => {
    const bearer = await createCredential(
      db.sql,
      credentialCreateSchema.parse({ name: "CRM", secret: { type: "bearer", token: TOKEN } }),
      null,
    );
    expect(bearer).toMatchObject({ name: "CRM", type: "bearer", hasSecret: true, allowedRoles: ["admin", "designer"] });
    const basic = await createCredential(
      db.sql,
      credentialCreateSchema.parse({
        name: "Legacy",
        secret: { type: "basic", username: "ada", password: "pw-secret-999" },
        allowedRoles: ["admin"],
      }),
      null,
    );
    const key = await createCredential(
      db.sql,
      credentialCreateSchema.parse({ name: "Key", secret: { type: "api_key_header", header: "X-Api-Key", value: "k-123456" } }),
      null,
    );
    const custom = await createCredential(
      db.sql,
      credentialCreateSchema.parse({
        name: "Custom",
        secret: {
          type: "custom_headers",
          headers: [
            { name: "X-A", value: "aaaa-1" },
            { name: "X-B", value: "bbbb-2" },
          ],
        },
      }),
      null,
    );
    const everything = JSON.stringify([
      await listCredentials(db.sql),
      await db.sql.all(`SELECT * FROM "Credential"`),
      await db.sql.all(`SELECT * FROM "AuditEvent"`),
    ]);
    for (const s of [TOKEN, "pw-secret-999", "k-123456", "aaaa-1", "bbbb-2"]) expect(everything).not.toContain(s);

    const resolve = createCredentialResolver(db.sql);
    expect(await resolve(bearer.id)).toEqual({ Authorization: `Bearer ${TOKEN}` });
    expect(await resolve(basic.id)).toEqual({ Authorization: `Basic ${Buffer.from("ada:pw-secret-999").toString("base64")}` });
    expect(await resolve(key.id)).toEqual({ "X-Api-Key": "k-123456" });
    expect(await resolve(custom.id)).toEqual({ "X-A": "aaaa-1", "X-B": "bbbb-2" });
    await expect(resolve("missing")).rejects.toMatchObject({ errorCode: "credential_missing" });
  });

  it("enforces allowed roles and replaces secrets", async () => {
    const c = await createCredential(
      db.sql,
      credentialCreateSchema.parse({ name: "Ops", secret: { type: "bearer", token: "ops-token-1" }, allowedRoles: ["admin"] }),
      null,
    );
    await expect(resolveCredentialForRole(db.sql, c.id, "designer")).rejects.toMatchObject({ errorCode: "credential_forbidden" });
    await expect(assertCredentialUsable(db.sql, [c.id], "designer")).rejects.toMatchObject({ errorCode: "credential_forbidden" });
    // The HTTP node's resolver checks the run's initiator too (a child run set to "latest" was never checked at start).
    const designerId = randomUUID();
    await db.prisma.user.create({ data: { id: designerId, name: "Dee", email: `${designerId}@example.com`, role: "designer" } });
    await expect(createCredentialResolver(db.sql)(c.id, { initiatorId: designerId })).rejects.toMatchObject({
      errorCode: "credential_forbidden",
    });
    await expect(createCredentialResolver(db.sql)(c.id, { initiatorId: null })).resolves.toEqual({ Authorization: "Bearer ops-token-1" });
    const ok = await resolveCredentialForRole(db.sql, c.id, "admin");
    expect(ok.secrets).toContain("ops-token-1");
    const updated = await updateCredential(
      db.sql,
      c.id,
      { secret: { type: "api_key_header", header: "X-Key", value: "ops-token-2" }, allowedRoles: ["admin", "designer"] },
      null,
    );
    expect(updated).toMatchObject({ type: "api_key_header", allowedRoles: ["admin", "designer"] });
    expect((await resolveCredentialForRole(db.sql, c.id, "designer")).headers).toEqual({ "X-Key": "ops-token-2" });
    await expect(
      createCredential(db.sql, credentialCreateSchema.parse({ name: "Ops", secret: { type: "bearer", token: "x-123" } }), null),
    ).rejects.toMatchObject({ status: 409 });
    await deleteCredential(db.sql, c.id, null);
    expect(await getCredential(db.sql, c.id)).toBeNull();
  });

  it("rejects malformed secrets at the boundary", () => {
    expect(credentialCreateSchema.safeParse({ name: "x", secret: { type: "bearer", token: "a\r\nX-Injected: 1" } }).success).toBe(false);
    expect(
      credentialCreateSchema.safeParse({ name: "x", secret: { type: "api_key_header", header: "bad header", value: "v" } }).success,
    ).toBe(false);
    expect(credentialCreateSchema.safeParse({ name: "x", secret: { type: "custom_headers", headers: [] } }).success).toBe(false);
    expect(credentialCreateSchema.safeParse({ name: "x", secret: { type: "bearer", token: "t" }, allowedRoles: [] }).success).toBe(false);
  });
});
