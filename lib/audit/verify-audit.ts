// Verifies the whole audit trail: walks the hash chain from its first row (genesis, or the boundary the
// audit retention purge left) and reports the first broken link, then checks every signed checkpoint
// (stored ones, and any an auditor kept outside the database) against the trusted public keys and the
// rows they pin. Progress is reported per page so the UI and CLI can show it.
import "server-only";
import type { KeyObject } from "node:crypto";
import type { SqlQuery } from "@/lib/db/sql";
import { chainStart, verifyChain, GENESIS_HASH } from "@/lib/db/audit-store";
import { allCheckpoints, countAudit } from "@/lib/db/audit-checkpoint-store";
import { checkCheckpoint, type Checkpoint, type CheckpointProblem } from "./checkpoints";

export interface AuditVerification {
  ok: boolean;
  /** Rows whose links and hashes were checked. */
  count: number;
  total: number;
  /** The first row that does not link or does not match its hash. */
  brokenAtId?: number;
  reason?: string;
  headId?: number;
  headHash?: string;
  /** Rows below this id were removed by the audit retention purge (0: none). */
  purgedBelow: number;
  checkpoints: {
    checked: number;
    /** The first checkpoint that fails, with why. */
    broken?: { id?: number; seq: number; problem: CheckpointProblem; detail?: string };
  };
  ms: number;
}

export interface VerifyAuditOptions {
  /** Public keys a checkpoint must be signed by (the server's own key, or one an auditor pinned). */
  trustedKeys: KeyObject[];
  /** Checkpoints kept outside the database, checked as well as the stored ones. */
  externalCheckpoints?: Checkpoint[];
  onProgress?: (checked: number, total: number) => void | Promise<void>;
  pageSize?: number;
}

export async function verifyAudit(db: SqlQuery, opts: VerifyAuditOptions): Promise<AuditVerification> {
  const started = Date.now();
  const total = await countAudit(db);
  const from = await chainStart(db);
  const purgedBelow = from.prevHash === GENESIS_HASH ? 0 : from.afterId + 1;
  const chain = await verifyChain(db, {
    pageSize: opts.pageSize ?? 5000,
    from,
    onProgress: opts.onProgress ? (n) => opts.onProgress!(n, total) : undefined,
  });
  const checkpoints: AuditVerification["checkpoints"] = { checked: 0 };
  const all: Checkpoint[] = [...(await allCheckpoints(db)), ...(opts.externalCheckpoints ?? [])];
  for (const cp of all) {
    const r = await checkCheckpoint(db, cp, opts.trustedKeys, purgedBelow > 0 ? purgedBelow - 1 : 0);
    checkpoints.checked++;
    if (!r.ok) {
      checkpoints.broken = { id: cp.id, seq: cp.seq, problem: r.problem!, detail: r.detail };
      break;
    }
  }
  return {
    ok: chain.ok && !checkpoints.broken,
    count: chain.count,
    total,
    brokenAtId: chain.brokenAtId,
    reason: chain.reason,
    headId: chain.headId,
    headHash: chain.headHash,
    purgedBelow,
    checkpoints,
    ms: Date.now() - started,
  };
}
