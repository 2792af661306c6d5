// Providers: encrypted, write-only API keys; one default; the environment provider; test connection
// against the real `openai` client and the fake OpenAI-compatible server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model/server";
import { ensureEnvProvider } from "@/lib/providers/env-provider";
import { providerCreateSchema, ENV_PROVIDER_ID } from "@/lib/providers/provider-schemas";
import {
  createProvider,
  deleteProvider,
  getProvider,
  listProviders,
  loadProviderSecret,
  updateProvider,
} from "@/lib/providers/provider-service";
import { testProviderConnection } from "@/lib/providers/test-connection";
import { verifyChain } from "@/lib/db/audit-store";
import { applyTestSecretKey } from "./helpers/secret-key";

const KEY = "sk-provider-secret-0123456789abcdef";

describeEachDb("model providers", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    applyTestSecretKey();
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("stores the API key encrypted and never returns it", async () => {
    const p = await createProvider(
      db.sql,
      providerCreateSchema.parse({
        name: "Gateway",
        baseUrl: "http://127.0.0.1:1/v1",
        apiKey: KEY,
        defaultModel: "m1",
        models: [{ id: "m1", inputPerMTok: 1, outputPerMTok: 2 }],
      }),
      null,
    );
    expect(p).toMatchObject({ name: "Gateway", hasKey: true, isDefault: true, defaultModel: "m1" });
    expect(JSON.stringify(p)).not.toContain(KEY);
    expect(JSON.stringify(await listProviders(db.sql))).not.toContain(KEY);
    const raw = await db.sql.all(`SELECT * FROM "ModelProvider"`);
    expect(JSON.stringify(raw)).not.toContain(KEY);
    expect(String(raw[0].encryptedApiKey)).toMatch(/^v1:/);
    expect((await loadProviderSecret(db.sql, p.id))?.apiKey).toBe(KEY);
    expect(JSON.stringify(await db.sql.all(`SELECT * FROM "AuditEvent"`))).not.toContain(KEY);
  });

  it("replaces and removes the key, keeps exactly one default, refuses duplicate names", async () => {
    const second = await createProvider(db.sql, providerCreateSchema.parse({ name: "Local", defaultModel: "llama" }), null);
    expect(second.isDefault).toBe(false);
    expect(second.hasKey).toBe(false);
    await expect(createProvider(db.sql, providerCreateSchema.parse({ name: "Local", defaultModel: "x" }), null)).rejects.toMatchObject({
      status: 409,
    });
    const withKey = await updateProvider(db.sql, second.id, { apiKey: "sk-new-key-for-local", isDefault: true }, null);
    expect(withKey).toMatchObject({ hasKey: true, isDefault: true });
    expect((await listProviders(db.sql)).filter((p) => p.isDefault).map((p) => p.id)).toEqual([second.id]);
    expect((await loadProviderSecret(db.sql, null))?.id).toBe(second.id);
    await expect(updateProvider(db.sql, second.id, { isDefault: false }, null)).rejects.toMatchObject({ status: 409 });
    expect((await updateProvider(db.sql, second.id, { apiKey: null }, null)).hasKey).toBe(false);
    await deleteProvider(db.sql, second.id, null);
    expect(await getProvider(db.sql, second.id)).toBeNull();
    expect((await listProviders(db.sql)).filter((p) => p.isDefault)).toHaveLength(1);
    await expect(deleteProvider(db.sql, second.id, null)).rejects.toMatchObject({ status: 404 });
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("creates the environment provider lazily and follows key changes", async () => {
    await ensureEnvProvider(db.sql, { OPENAI_API_KEY: "sk-env-key-1111111111", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    await ensureEnvProvider(db.sql, { OPENAI_API_KEY: "sk-env-key-1111111111", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    const env = await getProvider(db.sql, ENV_PROVIDER_ID);
    expect(env).toMatchObject({ fromEnvironment: true, hasKey: true, baseUrl: "http://127.0.0.1:9/v1" });
    expect((await listProviders(db.sql)).filter((p) => p.fromEnvironment)).toHaveLength(1);
    await ensureEnvProvider(db.sql, { OPENAI_API_KEY: "sk-env-key-2222222222" });
    expect((await loadProviderSecret(db.sql, ENV_PROVIDER_ID))?.apiKey).toBe("sk-env-key-2222222222");
    await expect(deleteProvider(db.sql, ENV_PROVIDER_ID, null)).rejects.toMatchObject({ status: 409 });
  });
});

describe("provider input", () => {
  it("refuses non-http(s) base URLs and URLs with credentials", () => {
    for (const baseUrl of ["file:///etc/passwd", "ftp://x/v1", "javascript:alert(1)", "http://user:pw@host/v1", "not a url"]) {
      expect(providerCreateSchema.safeParse({ name: "x", baseUrl, defaultModel: "m" }).success, baseUrl).toBe(false);
    }
    expect(providerCreateSchema.safeParse({ name: "x", baseUrl: "https://gw.example.com/openai/v1", defaultModel: "m" }).success).toBe(
      true,
    );
  });
});

describe("test connection (real openai client, fake server)", () => {
  let server: FakeModelServer;
  beforeAll(async () => {
    server = await startFakeModelServer({ expectApiKey: KEY, models: ["fake-a", "fake-b"], logUnscripted: false });
  });
  afterAll(async () => {
    await server?.close();
  });
  const provider = (apiKey: string | null) => ({ id: "p", name: "Fake", baseUrl: server.url, apiKey, defaultModel: "fake-a", models: [] });

  it("lists the endpoint's models with the right key", async () => {
    const r = await testProviderConnection(provider(KEY));
    expect(r).toMatchObject({ ok: true, method: "models", models: ["fake-a", "fake-b"] });
  });

  it("reports the provider's message for a wrong key, without the key", async () => {
    const wrong = "sk-wrong-key-abcdefghijkl";
    const r = await testProviderConnection(provider(wrong));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/HTTP 401/);
      expect(r.message).not.toContain(wrong);
      expect(r.retryable).toBe(false);
    }
  });

  it("reports an unreachable endpoint as a retryable connection failure", async () => {
    const r = await testProviderConnection({ ...provider(KEY), baseUrl: "http://127.0.0.1:9/v1" });
    expect(r).toMatchObject({ ok: false, retryable: true });
  });
});
