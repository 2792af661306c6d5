// Check-then-act races on the settings invariants, on both databases: concurrent writes through
// several connections (as the web process and workers would make them). Exactly one provider is the
// default whenever any exists; names stay unique; a double delete audits once; a lost race is a
// DomainError with a 4xx status (409 for a rule, 404 for a row another writer removed), never a 500.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb, createTestDb, type TestDatabase } from "@/tests/helpers/test-db";
import { openDatabase, type Database } from "@/lib/db/connection";
import type { SqlDb } from "@/lib/db/sql";
import { verifyChain } from "@/lib/db/audit-store";
import { DomainError } from "@/lib/errors/domain-error";
import { ensureEnvProvider } from "@/lib/providers/env-provider";
import { ENV_PROVIDER_ID, providerCreateSchema } from "@/lib/providers/provider-schemas";
import { createProvider, deleteProvider, listProviders, updateProvider } from "@/lib/providers/provider-service";
import { createCredential, deleteCredential, updateCredential } from "@/lib/credentials/credential-service";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { deleteEntry, updateEntry } from "@/lib/memory/memory-admin";
import { loadMemory, upsertFact } from "@/lib/memory/agent-memory";
import { applyTestSecretKey } from "./helpers/secret-key";

const N = 16;
const ROUNDS = 3;

describeEachDb("settings invariants under concurrent writes", (dialect) => {
  let db: TestDatabase;
  let others: Database[] = [];
  /**
   * Call i goes through connection i mod 3 on PostgreSQL (three pools, as web and worker processes).
   * SQLite has one connection per process (SqliteDb queues its transactions); a second handle in the
   * same thread would block the event loop in busy_timeout, so its calls share the one handle.
   */
  let conn: (i: number) => SqlDb;

  beforeAll(async () => {
    applyTestSecretKey();
    db = await createTestDb(dialect);
    others = dialect === "postgresql" ? [openDatabase(db.url), openDatabase(db.url)] : [];
    const all = [db.sql, ...others.map((o) => o.sql)];
    conn = (i) => all[i % all.length];
  });
  afterAll(async () => {
    for (const o of others) await o.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await db.sql.run(`DELETE FROM "ModelProvider"`);
    await db.sql.run(`DELETE FROM "Credential"`);
  });

  const defaults = async () =>
    (await db.sql.all<{ id: string }>(`SELECT "id" FROM "ModelProvider" WHERE "isDefault"=?`, [true])).map((r) => String(r.id));
  const provider = (name: string, isDefault = false) => providerCreateSchema.parse({ name, defaultModel: "m", isDefault });
  const credential = (name: string) => credentialCreateSchema.parse({ name, secret: { type: "bearer", token: "tok-0123456789" } });

  /** Every rejection is a DomainError with one of the expected codes (so the API answers 4xx, not 500). */
  function rejections(results: PromiseSettledResult<unknown>[], codes: string[]): DomainError[] {
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    for (const e of errors) {
      expect(e, String(e)).toBeInstanceOf(DomainError);
      expect(codes).toContain((e as DomainError).code);
      expect((e as DomainError).status).toBeLessThan(500);
    }
    return errors as DomainError[];
  }

  it("the first providers created at once: exactly one becomes the default", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await db.sql.run(`DELETE FROM "ModelProvider"`);
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => createProvider(conn(i), provider(`p${round}-${i}`), null)),
      );
      expect(rejections(results, [])).toHaveLength(0);
      expect(await defaults()).toHaveLength(1);
    }
  });

  it("providers created at once each asking to be the default: exactly one is", async () => {
    await createProvider(db.sql, provider("existing", true), null);
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => createProvider(conn(i), provider(`d${round}-${i}`, true), null)),
      );
      expect(rejections(results, [])).toHaveLength(0);
      expect(await defaults()).toHaveLength(1);
    }
  });

  it("every provider made the default at once: exactly one is, and it is one of them", async () => {
    const ps = [];
    for (let i = 0; i < N; i++) ps.push(await createProvider(db.sql, provider(`s${i}`), null));
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.allSettled(ps.map((p, i) => updateProvider(conn(i), p.id, { isDefault: true }, null)));
      expect(rejections(results, [])).toHaveLength(0);
      const d = await defaults();
      expect(d).toHaveLength(1);
      expect(ps.map((p) => p.id)).toContain(d[0]);
    }
  });

  it("unsetting, setting and deleting defaults at once: one default remains and a lost race is a 409 or 404", async () => {
    const ps = [];
    for (let i = 0; i < N; i++) ps.push(await createProvider(db.sql, provider(`m${String(i).padStart(2, "0")}`), null));
    for (let round = 0; round < ROUNDS; round++) {
      const [current] = await defaults();
      const alive = (await listProviders(db.sql)).map((p) => p.id);
      const first = alive.filter((id) => id !== current).slice(0, 4);
      const ops: (() => Promise<unknown>)[] = [
        () => deleteProvider(conn(0), current, null),
        () => deleteProvider(conn(1), current, null),
        () => updateProvider(conn(2), current, { isDefault: false }, null),
        ...first.map((id, i) => () => deleteProvider(conn(i), id, null)),
        ...alive.slice(-6).map((id, i) => () => updateProvider(conn(i + 1), id, { isDefault: true }, null)),
      ];
      const results = await Promise.allSettled(ops.map((op) => op()));
      rejections(results, ["not_found", "default_required"]);
      const left = await listProviders(db.sql);
      if (left.length) expect(await defaults()).toHaveLength(1);
      // Top up so the next round has providers to fight over.
      for (let i = left.length; i < N; i++) await createProvider(db.sql, provider(`m${round}-${i}`), null);
    }
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("the environment provider synced by many callers at once is created once, without errors", async () => {
    await createProvider(db.sql, provider("admin-made", true), null);
    const env = { OPENAI_API_KEY: "sk-env-race-0123456789", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };
    const results = await Promise.allSettled(Array.from({ length: N }, (_, i) => ensureEnvProvider(conn(i), env)));
    expect(rejections(results, [])).toHaveLength(0);
    const providers = await listProviders(db.sql);
    expect(providers.filter((p) => p.id === ENV_PROVIDER_ID)).toHaveLength(1);
    expect(await defaults()).toHaveLength(1);
    const created = await db.sql.all(`SELECT "id" FROM "AuditEvent" WHERE "action"=? AND "targetId"=?`, [
      "provider.created",
      ENV_PROVIDER_ID,
    ]);
    expect(created).toHaveLength(1);
  });

  it("providers and credentials given one name at once: one wins, the rest get 409 name_taken", async () => {
    const results = await Promise.allSettled(Array.from({ length: N }, (_, i) => createProvider(conn(i), provider("same"), null)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(rejections(results, ["name_taken"]).map((e) => e.status)).toEqual(Array(N - 1).fill(409));

    const creds = await Promise.allSettled(Array.from({ length: N }, (_, i) => createCredential(conn(i), credential("same"), null)));
    expect(creds.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(rejections(creds, ["name_taken"])).toHaveLength(N - 1);

    const many = [];
    for (let i = 0; i < N; i++) many.push(await createCredential(db.sql, credential(`c${i}`), null));
    const renames = await Promise.allSettled(many.map((c, i) => updateCredential(conn(i), c.id, { name: "renamed" }, null)));
    expect(renames.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(rejections(renames, ["name_taken"])).toHaveLength(N - 1);
  });

  it("one credential deleted by many callers at once: one succeeds, the rest get 404, one audit record", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const c = await createCredential(db.sql, credential(`gone-${round}`), null);
      const results = await Promise.allSettled(Array.from({ length: N }, (_, i) => deleteCredential(conn(i), c.id, null)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(rejections(results, ["not_found"])).toHaveLength(N - 1);
      const audits = await db.sql.all(`SELECT "id" FROM "AuditEvent" WHERE "action"=? AND "targetId"=?`, ["credential.deleted", c.id]);
      expect(audits).toHaveLength(1);
    }
  });

  it("one provider deleted by many callers at once: one succeeds, the rest get 404, one audit record", async () => {
    await createProvider(db.sql, provider("keeper", true), null);
    for (let round = 0; round < ROUNDS; round++) {
      const p = await createProvider(db.sql, provider(`doomed-${round}`), null);
      const results = await Promise.allSettled(Array.from({ length: N }, (_, i) => deleteProvider(conn(i), p.id, null)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(rejections(results, ["not_found"])).toHaveLength(N - 1);
      const audits = await db.sql.all(`SELECT "id" FROM "AuditEvent" WHERE "action"=? AND "targetId"=?`, ["provider.deleted", p.id]);
      expect(audits).toHaveLength(1);
    }
  });

  it("a memory entry edited and deleted at once: one delete audits, every loser is a 404", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = `entry-${round}`;
      await db.sql.run(
        `INSERT INTO "MemoryEntry" ("id","workflowId","subjectKey","kind","key","content","runId","createdAtMs","expiresAtMs") VALUES (?,?,?,?,?,?,?,?,?)`,
        [id, "wf-race", "s", "fact", `k${round}`, JSON.stringify({ value: "v" }), null, Date.now(), null],
      );
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) =>
          i % 2 ? deleteEntry(conn(i), "wf-race", id, "u1") : updateEntry(conn(i), "wf-race", id, { kind: "fact", value: `v${i}` }, "u1"),
        ),
      );
      rejections(results, ["not_found"]);
      const deletes = results.filter((r, i) => i % 2 === 1 && r.status === "fulfilled");
      expect(deletes).toHaveLength(1);
      const audits = await db.sql.all(`SELECT "id" FROM "AuditEvent" WHERE "action"=? AND "data" LIKE ?`, [
        "memory.entry_deleted",
        `%${id}%`,
      ]);
      expect(audits).toHaveLength(1);
    }
  });

  it("one fact key remembered by many runs at once: one fact remains, holding one of the values", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `colour-${round}`;
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => {
          const sql = conn(i);
          const where = { workflowId: "wf-facts", subjectKey: "s", runId: `run-${i}`, now: Date.now(), retentionDays: null };
          return sql.tx((q) => upsertFact(q, sql.dialect, where, key, `v${i}`));
        }),
      );
      expect(rejections(results, [])).toHaveLength(0);
      const facts = (await loadMemory(db.sql, "wf-facts", "s", 0, Date.now())).facts.filter((f) => f.key === key);
      expect(facts).toHaveLength(1);
      expect(Array.from({ length: N }, (_, i) => `v${i}`)).toContain(facts[0].value);
    }
  });
});
