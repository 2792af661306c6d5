import "server-only";
// Per-provider limits shared by every worker (lib/providers/provider-limits.ts). A model call takes a
// ProviderSlot row before it is sent and deletes it when it ends; the row's lease (`expiresMs`)
// lets the slots of a crashed worker lapse. Acquirers of one provider are serialised (PostgreSQL: a
// transaction-scoped advisory lock on the provider; SQLite: BEGIN IMMEDIATE), so the count they see
// is the count they leave: never more than `maxConcurrency` slots, never more tokens in the last
// 60 s (ModelCall rows of the window + the estimates of the calls in flight) than `tokensPerMinute`.
import type { SqlDb } from "./sql";
import { txNow } from "./tx-now";

export const TOKEN_WINDOW_MS = 60_000;

export interface SlotRequest {
  id: string;
  providerId: string;
  /** Who holds it (runId:stepKey:seq), for an operator reading the table. */
  holder: string;
  /** Estimated tokens of the call (prompt estimate + max output tokens). */
  tokens: number;
  maxConcurrency: number | null;
  tokensPerMinute: number | null;
  leaseMs: number;
}

export type SlotResult = { ok: true } | { ok: false; reason: "concurrency" | "tokens"; waitMs: number };

export async function tryAcquireProviderSlot(db: SqlDb, r: SlotRequest): Promise<SlotResult> {
  return db.tx(async (q) => {
    if (db.dialect === "postgresql")
      await q.all(`SELECT pg_advisory_xact_lock(hashtext(?)) AS "locked"`, [`provider-slot:${r.providerId}`]);
    const now = await txNow(db.dialect, q);
    await q.run(`DELETE FROM "ProviderSlot" WHERE "providerId"=? AND "expiresMs"<=?`, [r.providerId, now]);
    const held = await q.all<{ n: unknown; tokens: unknown }>(
      `SELECT COUNT(*) AS "n", COALESCE(SUM("tokens"),0) AS "tokens" FROM "ProviderSlot" WHERE "providerId"=?`,
      [r.providerId],
    );
    const inFlight = Number(held[0]?.n ?? 0);
    if (r.maxConcurrency !== null && inFlight >= r.maxConcurrency) return { ok: false, reason: "concurrency", waitMs: 100 };
    if (r.tokensPerMinute !== null) {
      const used = await q.all<{ tokens: unknown; oldest: unknown }>(
        `SELECT COALESCE(SUM("inputTokens"+"outputTokens"),0) AS "tokens", MIN("atMs") AS "oldest"
           FROM "ModelCall" WHERE "providerId"=? AND "atMs">?`,
        [r.providerId, now - TOKEN_WINDOW_MS],
      );
      const windowTokens = Number(used[0]?.tokens ?? 0);
      const total = windowTokens + Number(held[0]?.tokens ?? 0);
      // A call larger than the whole budget still goes when nothing else is counted (else it never would).
      if (total > 0 && total + r.tokens > r.tokensPerMinute) {
        const oldest = used[0]?.oldest === null || used[0]?.oldest === undefined ? null : Number(used[0].oldest);
        const waitMs = inFlight > 0 || oldest === null ? 250 : Math.max(50, oldest + TOKEN_WINDOW_MS - now);
        return { ok: false, reason: "tokens", waitMs: Math.min(waitMs, 5_000) };
      }
    }
    await q.run(`INSERT INTO "ProviderSlot" ("id","providerId","holder","tokens","acquiredMs","expiresMs") VALUES (?,?,?,?,?,?)`, [
      r.id,
      r.providerId,
      r.holder.slice(0, 500),
      Math.max(0, Math.round(r.tokens)),
      now,
      now + r.leaseMs,
    ]);
    return { ok: true };
  });
}

export async function releaseProviderSlot(db: SqlDb, id: string): Promise<void> {
  await db.run(`DELETE FROM "ProviderSlot" WHERE "id"=?`, [id]);
}

/** Slots in flight for a provider (tests, operators). */
export async function providerSlotsInFlight(db: SqlDb, providerId: string): Promise<number> {
  const rows = await db.all<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "ProviderSlot" WHERE "providerId"=?`, [providerId]);
  return Number(rows[0]?.n ?? 0);
}
