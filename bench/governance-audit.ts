// Audit trail benchmarks (imported by bench/governance.ts), one JSON object per line:
//   audit-list   — 1,000,000 chained audit rows; p95 of the audit page's queries (first page, a deep
//                  cursor page, filtered by action, by actor, by target, by time range, and a search
//                  that matches often). Target p95 ≤ 50 ms. A search for a rare term scans the table
//                  and is reported apart (search_rare_ms). Each shape's CPU per request is reported
//                  too (*_cpu_ms, cpu_p95_ms): on SQLite the query runs in this process, so that is
//                  what the page costs whatever the machine's load (PostgreSQL: the client's share).
//   audit-verify — walk and re-hash the same 1,000,000 rows and check a signed checkpoint. Target ≤ 30 s.
// AUDIT_BENCH_ROWS overrides the row count.
import { loadavg } from "node:os";
import { createTestDb, type Dialect, type TestDatabase } from "@/tests/helpers/fresh-db";
import { GENESIS_HASH } from "@/lib/db/audit-store";
import { listAudit, type AuditFilter } from "@/lib/db/audit-read";
import { canonicalJson, sha256Hex } from "@/lib/security/hash";
import { signCheckpoint } from "@/lib/audit/checkpoints";
import { signingKeyFrom } from "@/lib/audit/signing-key";
import { verifyAudit } from "@/lib/audit/verify-audit";
import type { Param } from "@/lib/db/sql";

const ACTIONS = ["run.started", "task.decided", "agent.decided", "run.cancelled", "user.role_changed", "credential.updated"];
const BATCH = 500;

function emit(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...o, load: loadavg().map((x) => Math.round(x * 100) / 100) })}\n`);
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] * 10) / 10;
}

/** Fills the audit table with a valid chain, many rows per statement (appendAudit would take hours). */
export async function fillAuditChain(db: Pick<TestDatabase, "sql" | "dialect">, rows: number): Promise<void> {
  let prev = GENESIS_HASH;
  const t0 = 1_700_000_000_000;
  for (let start = 0; start < rows; start += BATCH * 20) {
    await db.sql.tx(async (q) => {
      for (let b = start; b < Math.min(rows, start + BATCH * 20); b += BATCH) {
        const params: Param[] = [];
        const n = Math.min(BATCH, rows - b);
        for (let i = b; i < b + n; i++) {
          const e = {
            atMs: t0 + i * 1000,
            actorId: `user-${i % 200}`,
            actorType: "user",
            action: ACTIONS[i % ACTIONS.length],
            targetType: i % 2 ? "task" : "run",
            targetId: `target-${i % 50_000}`,
            data: { i, runId: `run-${i % 50_000}`, comment: i % 1000 === 0 ? "approved after call" : "ok" },
            prevHash: prev,
          };
          const hash = sha256Hex(prev + canonicalJson(e));
          params.push(e.atMs, e.actorId, e.actorType, e.action, e.targetType, e.targetId, canonicalJson(e.data), prev, hash);
          prev = hash;
        }
        const values = Array.from({ length: n }, () => "(?,?,?,?,?,?,?,?,?)").join(",");
        await q.run(
          `INSERT INTO "AuditEvent" ("atMs","actorId","actorType","action","targetType","targetId","data","prevHash","hash") VALUES ${values}`,
          params,
        );
      }
    });
  }
  if (db.dialect === "postgresql") await db.sql.run(`ANALYZE "AuditEvent"`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** p95 of the audit page's query shapes over a filled chain of `rows` rows: one audit-list line. */
export async function measureAuditList(db: Pick<TestDatabase, "sql" | "dialect">, rows: number, fillSeconds: number): Promise<void> {
  const t0 = 1_700_000_000_000;
  const shapes: { name: string; filter: AuditFilter; before?: number }[] = [
    { name: "first", filter: {} },
    { name: "deep", filter: {}, before: Math.floor(rows / 2) },
    { name: "action", filter: { action: "task.decided" } },
    { name: "action_prefix", filter: { action: "user." } },
    { name: "actor", filter: { actorId: "user-42" } },
    { name: "actor_deep", filter: { actorId: "user-42" }, before: Math.floor(rows / 3) },
    { name: "target", filter: { targetType: "run", targetId: "target-1234" } },
    { name: "time_range", filter: { fromMs: t0 + (rows / 4) * 1000, toMs: t0 + (rows / 4) * 1000 + 86_400_000 } },
    { name: "search_common", filter: { q: "approved" } },
    { name: "action_prefix_rare", filter: { action: "retention." } },
    { name: "actor_action_rare", filter: { actorId: "user-42", action: "task.decided" } },
  ];
  const all: number[] = [];
  const allCpu: number[] = [];
  const per: Record<string, number> = {};
  for (const s of shapes) await listAudit(db.sql, s.filter, { before: s.before, limit: 50 }); // warm
  for (const s of shapes) {
    const xs: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 30; i++) {
      const c = process.cpuUsage();
      xs.push(await time(() => listAudit(db.sql, s.filter, { before: s.before, limit: 50 })));
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1000);
    }
    per[`${s.name}_p95_ms`] = p95(xs);
    per[`${s.name}_cpu_ms`] = p95(cpu);
    all.push(...xs);
    allCpu.push(...cpu);
  }
  const rare = await time(() => listAudit(db.sql, { q: "no-such-text-anywhere" }, { limit: 50 }));
  // a range over the oldest half: too wide for id bounds, far from the newest rows (reported apart)
  const c = process.cpuUsage();
  await listAudit(db.sql, { fromMs: t0, toMs: t0 + (rows / 2) * 1000 }, { limit: 50 });
  const wide = process.cpuUsage(c);
  emit({
    scenario: "audit-list",
    dialect: db.dialect,
    rows,
    p95_ms: p95(all),
    cpu_p95_ms: p95(allCpu),
    ...per,
    search_rare_ms: Math.round(rare),
    time_wide_cpu_ms: Math.round((wide.user + wide.system) / 1000),
    fill_s: fillSeconds,
  });
}

/** Verifies the whole chain and a signed checkpoint: one audit-verify line. */
export async function measureAuditVerify(db: Pick<TestDatabase, "sql" | "dialect">): Promise<void> {
  const key = signingKeyFrom(Buffer.alloc(32, 1).toString("base64"));
  await signCheckpoint(db.sql, key, null);
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const v = await verifyAudit(db.sql, { trustedKeys: [key.publicKey] });
  const seconds = Math.round((performance.now() - t) / 100) / 10;
  const cpu = process.cpuUsage(cpu0);
  if (!v.ok) throw new Error(`verification failed: ${JSON.stringify(v)}`);
  // this process's CPU seconds (PostgreSQL's are not in it): on the shared machine the wall time is
  // mostly waiting for a core, the CPU time is what verification costs
  const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e5) / 10;
  emit({
    scenario: "audit-verify",
    dialect: db.dialect,
    rows: v.count,
    seconds,
    rows_per_s: Math.round(v.count / seconds),
    cpu_s: cpuSeconds,
  });
}

export async function auditScenarios(dialect: Dialect, rows = Number(process.env.AUDIT_BENCH_ROWS ?? 1_000_000)): Promise<void> {
  const db = await createTestDb(dialect);
  try {
    const tFill = performance.now();
    await fillAuditChain(db, rows);
    await measureAuditList(db, rows, Math.round((performance.now() - tFill) / 100) / 10);
    await measureAuditVerify(db);
  } finally {
    await db.drop();
  }
}
