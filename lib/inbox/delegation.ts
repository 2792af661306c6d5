// Out of office: a user hands the tasks assigned to them by name to one other person between two
// dates. The delegation is checked and written in one transaction (the delegator's writes are
// serialised, so two overlapping windows cannot both land) and audited on create and cancel. While
// it is active the delegate sees and decides those tasks on the user's behalf; planDecision
// (lib/engine/executors/approval-decision.ts) reads the active delegations in the decision's own
// transaction, and task-access reads them for the list and the detail view.
import { z } from "zod";
import { can, roles, type Role } from "@/lib/auth/roles";
import { appendAudit } from "@/lib/db/audit-store";
import {
  activeDelegatorsFor,
  cancelDelegationRow,
  findDelegation,
  insertDelegation,
  listDelegations,
  lockDelegator,
  overlappingDelegation,
  type DelegationRow,
} from "@/lib/db/delegation-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { txNow } from "@/lib/db/tx-now";
import { findDirectoryUser, loadUserNames, usersWithRoles } from "@/lib/db/user-directory-read";
import { DomainError } from "@/lib/errors/domain-error";
import { principalOf, type Principal } from "./task-access";

const MAX_WINDOW_MS = 366 * 24 * 3600_000;

export const delegationBody = z
  .strictObject({
    delegateId: z.string().min(1).max(200),
    fromMs: z.number().int().nonnegative(),
    toMs: z.number().int().positive(),
    note: z.string().max(2000).optional(),
    /** Admins only: set up the delegation of another user. */
    userId: z.string().min(1).max(200).optional(),
  })
  .refine((b) => b.toMs > b.fromMs, { path: ["toMs"], message: "must be after fromMs" })
  .refine((b) => b.toMs - b.fromMs <= MAX_WINDOW_MS, { path: ["toMs"], message: "a delegation lasts at most a year" });

export type DelegationInput = z.output<typeof delegationBody>;

export interface DelegationView extends DelegationRow {
  userName: string;
  delegateName: string;
  active: boolean;
}

export interface Actor {
  id: string;
  role: Role;
}

function view(d: DelegationRow, names: Map<string, string>, now: number): DelegationView {
  return {
    ...d,
    userName: names.get(d.userId) ?? "Unknown user",
    delegateName: names.get(d.delegateId) ?? "Unknown user",
    active: d.cancelledAtMs === null && d.fromMs <= now && now < d.toMs,
  };
}

export async function createDelegation(db: SqlDb, actor: Actor, input: DelegationInput): Promise<DelegationView> {
  const userId = input.userId ?? actor.id;
  if (userId !== actor.id && actor.role !== "admin")
    throw new DomainError("forbidden", "Only an admin can set up another user's delegation.");
  if (input.delegateId === userId) throw new DomainError("invalid_delegate", "You cannot delegate your tasks to yourself.");
  return db.tx(async (q) => {
    await lockDelegator(q, db.dialect, userId);
    const delegate = await findDirectoryUser(q, input.delegateId);
    if (!delegate || delegate.disabled || !can(delegate.role as Role, "tasks:decide")) {
      throw new DomainError("invalid_delegate", "The delegate must be an enabled user whose role may decide tasks.");
    }
    const overlap = await overlappingDelegation(q, userId, input.fromMs, input.toMs);
    if (overlap) {
      throw new DomainError(
        "delegation_overlap",
        `An out-of-office delegation already covers part of that window (${new Date(overlap.fromMs).toISOString()} – ${new Date(overlap.toMs).toISOString()}); cancel it first.`,
      );
    }
    const now = await txNow(db.dialect, q);
    const row = await insertDelegation(q, {
      userId,
      delegateId: input.delegateId,
      fromMs: input.fromMs,
      toMs: input.toMs,
      createdBy: actor.id,
      note: input.note ?? "",
      createdAtMs: now,
    });
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId: actor.id,
      actorType: "user",
      action: "delegation.created",
      targetType: "user",
      targetId: userId,
      data: { delegationId: row.id, delegateId: row.delegateId, fromMs: row.fromMs, toMs: row.toMs },
    });
    return view(row, await loadUserNames(q, [row.userId, row.delegateId]), now);
  });
}

export async function cancelDelegation(db: SqlDb, actor: Actor, id: string): Promise<DelegationView> {
  return db.tx(async (q) => {
    const row = await findDelegation(q, id);
    // Someone else's delegation is not found for a non-admin (no probing of ids).
    if (!row || (actor.role !== "admin" && row.userId !== actor.id && row.createdBy !== actor.id)) {
      throw new DomainError("not_found", "Delegation not found.");
    }
    const now = await txNow(db.dialect, q);
    if (row.cancelledAtMs !== null || !(await cancelDelegationRow(q, id, actor.id, now))) {
      return view(row, await loadUserNames(q, [row.userId, row.delegateId]), now);
    }
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId: actor.id,
      actorType: "user",
      action: "delegation.cancelled",
      targetType: "user",
      targetId: row.userId,
      data: { delegationId: row.id, delegateId: row.delegateId, fromMs: row.fromMs, toMs: row.toMs },
    });
    const cancelled = { ...row, cancelledAtMs: now, cancelledBy: actor.id };
    return view(cancelled, await loadUserNames(q, [row.userId, row.delegateId]), now);
  });
}

/** The caller's delegations (given and received) that have not ended; an admin may ask for all. */
export async function listMyDelegations(q: SqlQuery, now: number, actor: Actor, all: boolean): Promise<DelegationView[]> {
  const rows = await listDelegations(q, all && actor.role === "admin" ? null : actor.id, now);
  const names = await loadUserNames(
    q,
    rows.flatMap((r) => [r.userId, r.delegateId]),
  );
  return rows.map((r) => view(r, names, now));
}

/** The caller as a principal, with the users whose named tasks they hold by delegation at `now`. */
export async function principalWithDelegations(q: SqlQuery, user: { id: string; role: Role }, now: number): Promise<Principal> {
  const p = principalOf(user);
  if (!p.decider) return p;
  const onBehalfOf = (await activeDelegatorsFor(q, user.id, now)).filter((u) => u !== user.id);
  return onBehalfOf.length ? { ...p, onBehalfOf } : p;
}

const MAX_CANDIDATES = 1000;

/** Who `actor` may hand their tasks to: enabled users, other than themselves, whose role may decide. */
export async function delegateCandidates(q: SqlQuery, actor: Actor): Promise<{ id: string; name: string; email: string }[]> {
  const deciding = roles.filter((r) => can(r, "tasks:decide"));
  const users = await usersWithRoles(q, deciding, MAX_CANDIDATES);
  return users.filter((u) => !u.disabled && u.id !== actor.id).map((u) => ({ id: u.id, name: u.name, email: u.email }));
}
