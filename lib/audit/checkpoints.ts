// Signed checkpoints of the audit chain. A checkpoint says "row `seq` of the chain has hash `headHash`",
// signed with Ed25519 by a key kept outside the database. Because each row's hash covers the previous
// row's hash, a valid checkpoint pins every row up to `seq`: rewriting any of them (and re-hashing the
// chain so it links again) changes the hash at `seq`, and the signature no longer matches. An auditor
// who keeps copies of checkpoints (and the public key) outside the product can therefore detect a
// rewrite even by someone with full database access.
import "server-only";
import { sign, verify as verifySignature, type KeyObject } from "node:crypto";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { appendAudit } from "@/lib/db/audit-store";
import { auditHashAt, auditHead, insertCheckpoint, type CheckpointRow } from "@/lib/db/audit-checkpoint-store";
import { publicKeyFrom, type SigningKey } from "./signing-key";

export type Checkpoint = Omit<CheckpointRow, "id" | "actorId"> & { id?: number; actorId?: string | null };

/** The exact bytes signed: versioned, so a later format cannot be confused with this one. */
export function checkpointMessage(c: { seq: number; headHash: string; atMs: number }): Buffer {
  return Buffer.from(`switchyard-audit-checkpoint:v1:${c.seq}:${c.headHash}:${c.atMs}`, "utf8");
}

/**
 * Signs the current chain head and stores the checkpoint; the signing is itself audited (after the
 * checkpoint, so the next checkpoint covers it). Null when the log is empty.
 */
export async function signCheckpoint(db: SqlDb, key: SigningKey, actorId: string | null, atMs = Date.now()): Promise<CheckpointRow | null> {
  return db.tx(async (q) => {
    const head = await auditHead(q);
    if (!head) return null;
    const body = { seq: head.seq, headHash: head.hash, atMs };
    const signature = sign(null, checkpointMessage(body), key.privateKey).toString("base64");
    const row = await insertCheckpoint(q, { ...body, signature, publicKey: key.publicKeyB64, actorId });
    await appendAudit(q, db.dialect, {
      atMs,
      actorId,
      actorType: actorId ? "user" : "system",
      action: "audit.checkpoint_signed",
      targetType: "audit",
      targetId: String(row.id),
      data: { seq: row.seq, headHash: row.headHash },
    });
    return row;
  });
}

export type CheckpointProblem = "untrusted_key" | "bad_signature" | "hash_mismatch" | "row_missing";

export interface CheckpointCheck {
  ok: boolean;
  problem?: CheckpointProblem;
  detail?: string;
}

/**
 * Checks one checkpoint against the trusted public keys (never the key stored in the row alone: whoever
 * forged the row would have stored their own key) and the audit row it names. A row below the chain's
 * first row was removed by the audit retention purge: `purgedBelow` says so and the checkpoint is only
 * checked for its signature.
 */
export async function checkCheckpoint(q: SqlQuery, cp: Checkpoint, trusted: KeyObject[], purgedBelow = 0): Promise<CheckpointCheck> {
  let key: KeyObject;
  try {
    key = publicKeyFrom(cp.publicKey);
  } catch {
    return { ok: false, problem: "untrusted_key", detail: "the checkpoint's public key cannot be read" };
  }
  if (!trusted.some((t) => t.equals(key))) {
    return { ok: false, problem: "untrusted_key", detail: "signed by a key that is not the trusted audit signing key" };
  }
  let valid = false;
  try {
    valid = verifySignature(null, checkpointMessage(cp), key, Buffer.from(cp.signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid)
    return { ok: false, problem: "bad_signature", detail: "the signature does not match the checkpoint's sequence, hash and time" };
  if (cp.seq <= purgedBelow) return { ok: true };
  const hash = await auditHashAt(q, cp.seq);
  if (hash === null) return { ok: false, problem: "row_missing", detail: `audit row ${cp.seq} no longer exists` };
  if (hash !== cp.headHash) return { ok: false, problem: "hash_mismatch", detail: `audit row ${cp.seq} does not have the signed hash` };
  return { ok: true };
}
