// Claiming a task: a reviewer says "I am on it" so that the others assigned through the same role do
// not work on it twice. In ONE transaction on the locked row: who may claim (an assignee who could
// decide it, single-decision tasks only), whether someone else holds it (only an admin may take it
// over), the version bump, the run event and the audit record. While a task is claimed only the
// claimer may decide it (planDecision checks the same column in the decision's transaction);
// reassigning it clears the claim.
import { z } from "zod";
import type { SqlDb } from "@/lib/db/sql";
import { appendTaskRunEvent, listDecidedBy, setTaskClaim } from "@/lib/db/task-store";
import { txNow } from "@/lib/db/tx-now";
import { DomainError } from "@/lib/errors/domain-error";
import { getTaskOr404 } from "./require-task";
import { claimBlock, type Principal } from "./task-access";
import { auditTask } from "./task-audit";

export const claimBody = z.strictObject({
  /** Admins only: take a task another reviewer has claimed. */
  takeOver: z.boolean().optional(),
  /** The Task.version the caller saw; a stale one is a 409. */
  expectedVersion: z.number().int().min(0).optional(),
});

export type ClaimInput = z.output<typeof claimBody>;

export interface ClaimResult {
  taskId: string;
  version: number;
  claimedBy: string | null;
  claimedAtMs: number | null;
}

export async function claimTask(db: SqlDb, taskId: string, actor: Principal, input: ClaimInput): Promise<ClaimResult> {
  return db.tx(async (q) => {
    const task = await getTaskOr404(q, taskId, { forUpdate: db.dialect === "postgresql" });
    checkVersion(task.version, input.expectedVersion);
    if (task.status !== "open") throw new DomainError("task_closed", `Task is already ${task.status.replace("_", " ")}.`);
    const decidedBy = await listDecidedBy(q, task.id);
    const block = claimBlock(task, decidedBy, actor);
    if (block === "not_applicable") {
      throw new DomainError(
        "claim_not_applicable",
        task.quorum > 1 ? "Tasks that need several reviewers cannot be claimed." : "You cannot decide this task, so you cannot claim it.",
      );
    }
    if (block === "claimed") throw new DomainError("task_claimed", "Another reviewer has already claimed this task.");
    const takingOver = task.claimedBy !== null && task.claimedBy !== actor.userId;
    if (takingOver && !input.takeOver) {
      throw new DomainError("task_claimed", "Another reviewer has claimed this task; confirm to take it over.");
    }
    if (task.claimedBy === actor.userId) return { taskId, version: task.version, claimedBy: task.claimedBy, claimedAtMs: task.claimedAtMs };
    const now = await txNow(db.dialect, q);
    if (!(await setTaskClaim(q, task, actor.userId, now))) {
      throw new DomainError("task_version_conflict", "Task changed while you were claiming it; reload and try again.");
    }
    const action = takingOver ? "task.taken_over" : "task.claimed";
    await appendTaskRunEvent(q, task, action, { by: actor.userId, from: task.claimedBy, version: task.version + 1 }, now);
    await auditTask(q, db.dialect, {
      action,
      actorId: actor.userId,
      task,
      atMs: now,
      data: { diff: { claimedBy: { from: task.claimedBy, to: actor.userId } } },
    });
    return { taskId, version: task.version + 1, claimedBy: actor.userId, claimedAtMs: now };
  });
}

/** Releasing a claim: the claimer, or an admin. Releasing an unclaimed task is a no-op. */
export async function releaseTask(db: SqlDb, taskId: string, actor: Principal, expectedVersion?: number): Promise<ClaimResult> {
  return db.tx(async (q) => {
    const task = await getTaskOr404(q, taskId, { forUpdate: db.dialect === "postgresql" });
    checkVersion(task.version, expectedVersion);
    if (task.status !== "open") throw new DomainError("task_closed", `Task is already ${task.status.replace("_", " ")}.`);
    if (task.claimedBy === null) return { taskId, version: task.version, claimedBy: null, claimedAtMs: null };
    if (task.claimedBy !== actor.userId && !actor.isAdmin) {
      throw new DomainError("task_claimed", "Only the reviewer who claimed this task, or an admin, can release it.");
    }
    const now = await txNow(db.dialect, q);
    if (!(await setTaskClaim(q, task, null, now))) {
      throw new DomainError("task_version_conflict", "Task changed while you were releasing it; reload and try again.");
    }
    await appendTaskRunEvent(q, task, "task.released", { by: actor.userId, from: task.claimedBy, version: task.version + 1 }, now);
    await auditTask(q, db.dialect, {
      action: "task.released",
      actorId: actor.userId,
      task,
      atMs: now,
      data: { diff: { claimedBy: { from: task.claimedBy, to: null } } },
    });
    return { taskId, version: task.version + 1, claimedBy: null, claimedAtMs: null };
  });
}

function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new DomainError("task_version_conflict", `Task changed (version ${current}, you saw ${expected}); reload and try again.`);
  }
}
