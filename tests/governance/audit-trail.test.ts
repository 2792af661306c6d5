// The audit trail on real databases: keyset pages and filters, the streamed export, chain verification
// that names the first broken row, signed checkpoints that catch a rewritten chain or a forged
// checkpoint, and (PostgreSQL) the trigger that refuses UPDATE and DELETE outside audit maintenance.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";
import { allowAuditMaintenance, appendAudit } from "@/lib/db/audit-store";
import { getAuditEvent, idBoundsOf, listAudit } from "@/lib/db/audit-read";
import { auditExportStream } from "@/lib/audit/export-stream";
import { signCheckpoint } from "@/lib/audit/checkpoints";
import { signingKeyFrom } from "@/lib/audit/signing-key";
import { verifyAudit } from "@/lib/audit/verify-audit";
import { auditLinks } from "@/lib/audit/event-links";
import { canonicalJson, sha256Hex } from "@/lib/security/hash";

const key = signingKeyFrom(Buffer.alloc(32, 7).toString("base64"));
const otherKey = signingKeyFrom(Buffer.alloc(32, 9).toString("base64"));

async function seed(db: TestDatabase, n: number, offset = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    await db.sql.tx((q) =>
      appendAudit(q, db.dialect, {
        atMs: 1_000_000 + k * 1000,
        actorId: k % 3 === 0 ? "u-ann" : "u-bob",
        actorType: "user",
        action: k % 2 === 0 ? "run.started" : "task.decided",
        targetType: k % 2 === 0 ? "run" : "task",
        targetId: `t-${k}`,
        data: { k, runId: `run-${k}`, note: k === 7 ? "needle in the data" : "hay" },
      }),
    );
  }
}

/** Tampering as a database administrator would: with the append-only guard switched off. */
async function tamper(db: TestDatabase, sql: string, params: (string | number)[]): Promise<void> {
  await db.sql.tx(async (q) => {
    await allowAuditMaintenance(q, db.dialect);
    await q.run(sql, params);
  });
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describeEachDb("audit trail", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: "u-ann", name: "Ann", email: "ann@x.test", role: "admin" } });
    await seed(db, 30);
  });
  afterAll(async () => db?.drop());

  it("pages newest first with a cursor, without gaps or repeats", async () => {
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAudit(db.sql, {}, { before, limit: 7 });
      seen.push(...page.events.map((e) => e.id));
      if (page.nextCursor === null) break;
      before = page.nextCursor;
    }
    expect(seen).toHaveLength(30);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(30);
  });

  it("filters by actor, action (exact or prefix), target, time range and search", async () => {
    const byActor = await listAudit(db.sql, { actorId: "u-ann" }, { limit: 100 });
    expect(byActor.events).toHaveLength(10);
    expect(byActor.events.every((e) => e.actorEmail === "ann@x.test")).toBe(true);
    expect((await listAudit(db.sql, { action: "task.decided" }, { limit: 100 })).events).toHaveLength(15);
    expect((await listAudit(db.sql, { action: "task." }, { limit: 100 })).events).toHaveLength(15);
    expect((await listAudit(db.sql, { action: "task" }, { limit: 100 })).events).toHaveLength(0);
    expect((await listAudit(db.sql, { targetType: "run", targetId: "t-4" }, { limit: 100 })).events.map((e) => e.targetId)).toEqual([
      "t-4",
    ]);
    const range = await listAudit(db.sql, { fromMs: 1_005_000, toMs: 1_010_000 }, { limit: 100 });
    expect(range.events.map((e) => e.targetId)).toEqual(["t-9", "t-8", "t-7", "t-6", "t-5"]);
    const found = await listAudit(db.sql, { q: "needle" }, { limit: 100 });
    expect(found.events.map((e) => e.targetId)).toEqual(["t-7"]);
    expect((await listAudit(db.sql, { q: "100%_" }, { limit: 100 })).events).toHaveLength(0);
  });

  it("searches through the trigram index with exactly the rows a scan finds, page by page", async () => {
    const all = await db.sql.all<{ id: number; action: string; targetId: string; data: string }>(
      `SELECT "id","action","targetId","data" FROM "AuditEvent" ORDER BY "id" DESC`,
    );
    // SQLite's LIKE folds ASCII case, PostgreSQL's does not; neither matches across two columns
    const fold = (v: string) => (dialect === "sqlite" ? v.toLowerCase() : v);
    const scan = (q: string) =>
      all.filter((r) => [r.action, r.targetId, r.data].some((v) => fold(v).includes(fold(q)))).map((r) => Number(r.id));
    for (const q of ["needle", "NEEDLE", "eedle in th", "run-1", "hay", "task.dec", "t-2", "un", '"k":7', "decided t-1", "x"]) {
      const ids: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await listAudit(db.sql, { q }, { before, limit: 4 });
        ids.push(...page.events.map((e) => e.id));
        if (page.nextCursor === null) break;
        before = page.nextCursor;
      }
      expect(ids, q).toEqual(scan(q));
    }
    // with another filter and a cursor
    const bob = all.filter((r) => r.data.includes("run-1")).map((r) => Number(r.id));
    const page = await listAudit(db.sql, { q: "run-1", action: "task.decided" }, { before: bob[1], limit: 100 });
    expect(page.events.every((e) => e.action === "task.decided" && e.id < bob[1])).toBe(true);
    expect(page.events.length).toBeGreaterThan(0);
  });

  it("shows one event in full with links to what it names", async () => {
    const [first] = (await listAudit(db.sql, { targetId: "t-1" }, { limit: 1 })).events;
    const e = await getAuditEvent(db.sql, first.id);
    expect(e).toMatchObject({ action: "task.decided", data: { k: 1, runId: "run-1" } });
    expect(auditLinks(e!).map((l) => l.href)).toEqual(["/inbox/t-1", "/runs/run-1", "/audit?actorId=u-bob"]);
    expect(await getAuditEvent(db.sql, 999_999)).toBeNull();
  });

  it("exports every matching row as JSON Lines or CSV, oldest first, in batches", async () => {
    const jsonl = (await text(auditExportStream(db.sql, { action: "run.started" }, "jsonl", 4))).trim().split("\n");
    expect(jsonl).toHaveLength(15);
    const rows = jsonl.map((l) => JSON.parse(l) as { targetId: string; data: { k: number }; hash: string });
    expect(rows.map((r) => r.data.k)).toEqual(Array.from({ length: 15 }, (_, i) => i * 2));
    const csv = (await text(auditExportStream(db.sql, {}, "csv", 8))).trim().split("\r\n");
    expect(csv[0]).toBe("id,atMs,at,actorId,actorEmail,actorType,action,targetType,targetId,data,prevHash,hash");
    expect(csv).toHaveLength(31);
    expect(csv[8]).toContain('"{""k"":7,""note"":""needle in the data"",""runId"":""run-7""}"');
  });
});

describeEachDb("audit trail time range (id bounds from the time index)", (dialect) => {
  let db: TestDatabase;
  const ids = new Map<number, number>();
  beforeAll(async () => {
    db = await createTestDb(dialect);
    // Times follow the id except row 35, written late with an early time (a caller's slow clock).
    for (let k = 0; k < 40; k++) {
      await db.sql.tx((q) =>
        appendAudit(q, db.dialect, {
          atMs: k === 35 ? 2_005_500 : 2_000_000 + k * 1000,
          actorId: "u-ann",
          action: k % 2 === 0 ? "run.started" : "task.decided",
          targetType: "run",
          targetId: `r-${k}`,
          data: { k },
        }),
      );
    }
    for (const e of (await listAudit(db.sql, {}, { limit: 100 })).events) ids.set(Number(e.targetId.slice(2)), e.id);
  });
  afterAll(async () => db?.drop());

  async function allPages(f: Parameters<typeof listAudit>[1], limit: number): Promise<string[]> {
    const out: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAudit(db.sql, f, { before, limit });
      out.push(...page.events.map((e) => e.targetId));
      if (page.nextCursor === null) return out;
      before = page.nextCursor;
    }
  }

  it("bounds the walk by the smallest and largest id in the range, including a row written out of time order", async () => {
    expect(await idBoundsOf(db.sql, { fromMs: 2_005_000, toMs: 2_010_000 })).toEqual({ lo: ids.get(5), hi: ids.get(35) });
    expect(await idBoundsOf(db.sql, { fromMs: 2_036_000 })).toEqual({ lo: ids.get(36), hi: ids.get(39) });
    expect(await idBoundsOf(db.sql, { toMs: 2_002_000 })).toEqual({ lo: ids.get(0), hi: ids.get(1) });
    expect(await idBoundsOf(db.sql, { fromMs: 9_000_000 })).toBe("empty");
    expect(await idBoundsOf(db.sql, { action: "run.started" })).toBeNull();
  });

  it("pages a time range newest first with the keyset cursor, alone and with other filters", async () => {
    expect(await allPages({ fromMs: 2_005_000, toMs: 2_010_000 }, 2)).toEqual(["r-35", "r-9", "r-8", "r-7", "r-6", "r-5"]);
    expect(await allPages({ fromMs: 2_005_000, toMs: 2_010_000, action: "task.decided" }, 1)).toEqual(["r-35", "r-9", "r-7", "r-5"]);
    expect(await allPages({ fromMs: 2_036_000 }, 3)).toEqual(["r-39", "r-38", "r-37", "r-36"]);
    expect(await allPages({ toMs: 2_002_000 }, 5)).toEqual(["r-1", "r-0"]);
    expect(await listAudit(db.sql, { fromMs: 9_000_000 }, { limit: 5 })).toEqual({ events: [], nextCursor: null });
    const jsonl = (await text(auditExportStream(db.sql, { fromMs: 2_005_000, toMs: 2_010_000 }, "jsonl", 2))).trim().split("\n");
    expect(jsonl.map((l) => (JSON.parse(l) as { targetId: string }).targetId)).toEqual(["r-5", "r-6", "r-7", "r-8", "r-9", "r-35"]);
  });
});

describeEachDb("audit verification and signed checkpoints", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db?.drop());

  it("verifies an intact chain with progress and its checkpoints, and finds a tampered row", async () => {
    await seed(db, 25);
    const cp = await signCheckpoint(db.sql, key, null);
    expect(cp).toMatchObject({ seq: 25, publicKey: key.publicKeyB64 });
    const progress: number[] = [];
    const ok = await verifyAudit(db.sql, { trustedKeys: [key.publicKey], pageSize: 10, onProgress: (n) => void progress.push(n) });
    expect(ok).toMatchObject({ ok: true, count: 26, total: 26, checkpoints: { checked: 1 } });
    expect(progress).toEqual([10, 20, 26]);

    const victim = (await listAudit(db.sql, { targetId: "t-12" }, { limit: 1 })).events[0].id;
    await tamper(db, `UPDATE "AuditEvent" SET "data" = ? WHERE "id" = ?`, [JSON.stringify({ k: 12, runId: "run-x", note: "hay" }), victim]);
    const bad = await verifyAudit(db.sql, { trustedKeys: [key.publicKey] });
    expect(bad).toMatchObject({ ok: false, brokenAtId: victim, count: victim - 1 });
    expect(bad.reason).toMatch(/hash does not match/);
  });

  it("verifies rows whose stored form is not the canonical one, and still finds a change in them", async () => {
    const fresh = await createTestDb(dialect);
    try {
      await seed(fresh, 3);
      // -0 is written "0" by JSON but "-0" by PostgreSQL's to_json; data stored with spaces and keys out of order
      await fresh.sql.tx((q) =>
        appendAudit(q, fresh.dialect, { atMs: -0, actorId: null, action: "x.y", targetType: "run", targetId: "t-z", data: {} }),
      );
      const [last] = await fresh.sql.all<{ hash: string }>(`SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`);
      const event = {
        atMs: 5,
        actorId: 'u-\u0001"q"',
        actorType: "user",
        action: "a.b",
        targetType: "run",
        targetId: "t-ü",
        data: { b: 1, a: [2, "é"] },
        prevHash: last.hash,
      };
      await fresh.sql.run(
        `INSERT INTO "AuditEvent" ("atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash") VALUES (?,?,?,?,?,?,?,?,?)`,
        [
          5,
          event.actorId,
          "user",
          "a.b",
          "run",
          "t-ü",
          '{ "b": 1, "a": [2, "é"] }',
          last.hash,
          sha256Hex(last.hash + canonicalJson(event)),
        ],
      );
      await seed(fresh, 2, 10);
      expect(await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], pageSize: 4 })).toMatchObject({ ok: true, count: 7 });
      await tamper(fresh, `UPDATE "AuditEvent" SET "data" = ? WHERE "id" = ?`, ['{ "b": 1, "a": [3, "é"] }', 5]);
      expect(await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], pageSize: 4 })).toMatchObject({
        ok: false,
        brokenAtId: 5,
        count: 4,
        reason: "hash does not match the row's content",
      });
    } finally {
      await fresh.drop();
    }
  });

  it("names the first broken link in a later page while the next page is being fetched", async () => {
    const fresh = await createTestDb(dialect);
    try {
      await seed(fresh, 35);
      const progress: number[] = [];
      expect(
        await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], pageSize: 10, onProgress: (n) => void progress.push(n) }),
      ).toMatchObject({
        ok: true,
        count: 35,
      });
      expect(progress).toEqual([10, 20, 30, 35]);
      // row 23 links to a forged predecessor hash, and row 27's content changed: 23 is reported
      await tamper(fresh, `UPDATE "AuditEvent" SET "prevHash" = ? WHERE "id" = ?`, ["f".repeat(64), 23]);
      await tamper(fresh, `UPDATE "AuditEvent" SET "targetId" = ? WHERE "id" = ?`, ["t-x", 27]);
      const bad = await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], pageSize: 10 });
      expect(bad).toMatchObject({ ok: false, brokenAtId: 23, count: 22, reason: "prevHash does not link to the previous row" });
      // a page boundary: the first row of the third page
      await tamper(fresh, `UPDATE "AuditEvent" SET "prevHash" = (SELECT "hash" FROM "AuditEvent" WHERE "id" = 22) WHERE "id" = ?`, [23]);
      expect(await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], pageSize: 10 })).toMatchObject({
        ok: false,
        brokenAtId: 27,
        count: 26,
        reason: "hash does not match the row's content",
      });
      await tamper(fresh, `UPDATE "AuditEvent" SET "targetId" = ? WHERE "id" = ?`, ["t-26", 27]);
      await tamper(fresh, `UPDATE "AuditEvent" SET "action" = ? WHERE "id" = ?`, ["run.cancelled", 21]);
      expect(await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], pageSize: 10 })).toMatchObject({
        ok: false,
        brokenAtId: 21,
        count: 20,
      });
    } finally {
      await fresh.drop();
    }
  });

  it("catches a chain rewritten end to end (re-hashed so every link holds) by its signed checkpoint", async () => {
    // Rewrite every row from the tampered one on with valid links: the chain alone now verifies.
    const rows = await db.sql.all<{
      id: number;
      atMs: number;
      actorId: string | null;
      actorType: string;
      action: string;
      targetType: string;
      targetId: string;
      data: string;
    }>(`SELECT "id","atMs","actorId","actorType","action","targetType","targetId","data" FROM "AuditEvent" ORDER BY "id"`);
    let prev = "0".repeat(64);
    for (const r of rows) {
      const event = {
        atMs: Number(r.atMs),
        actorId: r.actorId,
        actorType: r.actorType,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        data: JSON.parse(r.data) as unknown,
        prevHash: prev,
      };
      const hash = sha256Hex(prev + canonicalJson(event));
      await tamper(db, `UPDATE "AuditEvent" SET "prevHash" = ?, "hash" = ? WHERE "id" = ?`, [prev, hash, Number(r.id)]);
      prev = hash;
    }
    const v = await verifyAudit(db.sql, { trustedKeys: [key.publicKey] });
    expect(v.brokenAtId).toBeUndefined();
    expect(v.ok).toBe(false);
    expect(v.checkpoints.broken).toMatchObject({ seq: 25, problem: "hash_mismatch" });
  });

  it("rejects a tampered checkpoint, and one signed by another key, also when kept outside the database", async () => {
    const fresh = await createTestDb(dialect);
    try {
      await seed(fresh, 5);
      const cp = (await signCheckpoint(fresh.sql, key, "u-auditor"))!;
      expect((await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey] })).ok).toBe(true);
      // an external copy with a changed head hash: the signature no longer matches
      const forgedHash = { ...cp, headHash: "f".repeat(64) };
      const r1 = await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey], externalCheckpoints: [forgedHash] });
      expect(r1).toMatchObject({ ok: false, checkpoints: { broken: { problem: "bad_signature" } } });
      // a checkpoint re-signed by someone else's key (stored in the table): not trusted
      await signCheckpoint(fresh.sql, otherKey, null);
      const r2 = await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey] });
      expect(r2).toMatchObject({ ok: false, checkpoints: { broken: { problem: "untrusted_key" } } });
      // tamper with the stored checkpoint row itself
      await tamper(fresh, `UPDATE "AuditCheckpoint" SET "signature" = ? WHERE "id" = ?`, [Buffer.alloc(64).toString("base64"), cp.id]);
      const r3 = await verifyAudit(fresh.sql, { trustedKeys: [key.publicKey, otherKey.publicKey] });
      expect(r3).toMatchObject({ ok: false, checkpoints: { broken: { id: cp.id, problem: "bad_signature" } } });
    } finally {
      await fresh.drop();
    }
  });

  it("accepts a PEM key as well as a seed", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(signingKeyFrom(pem).publicKeyB64).toMatch(/^MCow/);
    expect(() => signingKeyFrom("c2hvcnQ=")).toThrow(/32 bytes/);
  });
});

describePostgres("audit table is append-only", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb("postgresql");
    await seed(db, 3);
  });
  afterAll(async () => db?.drop());

  it("refuses UPDATE, DELETE and TRUNCATE, on events and checkpoints", async () => {
    await expect(db.sql.run(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.sql.run(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    await expect(db.sql.run(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    await signCheckpoint(db.sql, key, null);
    await expect(db.sql.run(`DELETE FROM "AuditCheckpoint"`)).rejects.toThrow(/append-only/);
    expect((await db.sql.all(`SELECT 1 FROM "AuditEvent"`)).length).toBe(4);
  });

  it("lets the audit maintenance transaction (the retention purge) delete, and only that transaction", async () => {
    const deleted = await db.sql.tx(async (q) => {
      await allowAuditMaintenance(q, "postgresql");
      return q.run(`DELETE FROM "AuditEvent" WHERE "id" = (SELECT MIN("id") FROM "AuditEvent")`);
    });
    expect(deleted).toBe(1);
    await expect(db.sql.run(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    // after a purge of the oldest rows the chain verifies from the first remaining row
    const v = await verifyAudit(db.sql, { trustedKeys: [key.publicKey] });
    expect(v).toMatchObject({ ok: true, count: 3, purgedBelow: 2 });
  });
});
