// Who may do what with a task. Pure rules shared by the list, the detail view and the reassign and
// comment handlers; decideTask (lib/engine/run-service.ts) enforces the same rules for decisions
// inside its transaction, so these are for display and for the actions the inbox owns.
import { can, type Role } from "@/lib/auth/roles";
import type { ClaimAction, DecideBlock } from "./task-types";

/** The identities a user acts as: their id and their roles (one today; the list query takes many). */
export interface Principal {
  userId: string;
  roles: string[];
  isAdmin: boolean;
  /** The role may decide tasks at all (admin, reviewer). */
  decider: boolean;
  /** Users who delegated their named tasks to this one, active now (out of office; no chains). */
  onBehalfOf?: readonly string[];
}

export function principalOf(user: { id: string; role: Role }): Principal {
  return { userId: user.id, roles: [user.role], isAdmin: user.role === "admin", decider: can(user.role, "tasks:decide") };
}

export interface AccessTask {
  status: string;
  initiatorId: string | null;
  separationOfDuties: boolean;
  assignees: { type: "user" | "role"; value: string }[];
  claimedBy?: string | null;
  quorum?: number;
}

export function isAssignee(task: Pick<AccessTask, "assignees">, p: Principal): boolean {
  return isDirectAssignee(task, p) || delegatorsOn(task, p).length > 0;
}

function isDirectAssignee(task: Pick<AccessTask, "assignees">, p: Principal): boolean {
  return task.assignees.some((a) => (a.type === "user" ? a.value === p.userId : p.roles.includes(a.value)));
}

/** The named assignees of `task` whose tasks `p` holds by delegation. */
function delegatorsOn(task: Pick<AccessTask, "assignees">, p: Principal): string[] {
  const by = p.onBehalfOf ?? [];
  return by.length ? task.assignees.filter((a) => a.type === "user" && by.includes(a.value)).map((a) => a.value) : [];
}

/**
 * Whom `p` would decide for: null for themselves (an assignee or an admin), else the first delegator
 * assigned by name who could still decide it (not the run's initiator under separation of duties,
 * not already decided), or undefined when there is none.
 */
export function actingFor(task: AccessTask, decidedBy: readonly string[], p: Principal): string | null | undefined {
  if (p.isAdmin || isDirectAssignee(task, p)) return null;
  return delegatorsOn(task, p).find(
    (u) => !decidedBy.includes(u) && !(task.separationOfDuties && task.initiatorId === u) && (!task.claimedBy || task.claimedBy === u),
  );
}

/** Why `p` cannot decide `task` right now, or null when they can. */
export function decideBlock(task: AccessTask, decidedBy: readonly string[], p: Principal): DecideBlock {
  if (!p.decider) return "role";
  if (task.status !== "open") return "closed";
  if (!p.isAdmin && !isAssignee(task, p)) return "not_assigned";
  if (task.separationOfDuties && task.initiatorId !== null && task.initiatorId === p.userId) return "initiator";
  if (decidedBy.includes(p.userId)) return "already_decided";
  const forUser = actingFor(task, decidedBy, p);
  if (forUser === undefined) {
    const named = delegatorsOn(task, p);
    if (task.separationOfDuties && named.every((u) => u === task.initiatorId)) return "initiator";
    if (named.every((u) => decidedBy.includes(u))) return "already_decided";
    return "claimed";
  }
  if (task.claimedBy && task.claimedBy !== p.userId && task.claimedBy !== forUser) return "claimed";
  return null;
}

/**
 * Claiming is for single-decision tasks the caller could decide (quorum tasks need several people).
 * Another reviewer's claim can only be taken over by an admin.
 */
export function claimBlock(task: AccessTask, decidedBy: readonly string[], p: Principal): "not_applicable" | "claimed" | null {
  if ((task.quorum ?? 1) !== 1) return "not_applicable";
  const block = decideBlock({ ...task, claimedBy: null }, decidedBy, p);
  if (block !== null) return "not_applicable";
  if (task.claimedBy && task.claimedBy !== p.userId && !p.isAdmin) return "claimed";
  return null;
}

/** The claim control the caller sees. */
export function claimAction(task: AccessTask, decidedBy: readonly string[], p: Principal): ClaimAction {
  if (task.status !== "open") return null;
  if (task.claimedBy === p.userId) return "release";
  const block = claimBlock(task, decidedBy, p);
  if (block !== null) return null;
  return task.claimedBy ? "take_over" : "claim";
}

/** Reassigning is for admins and the task's current assignees (by name or by role). */
export function canReassign(task: AccessTask, p: Principal): boolean {
  return p.decider && task.status === "open" && (p.isAdmin || isAssignee(task, p));
}

/** Anyone whose role may decide tasks may comment on any task (open or closed). */
export function canComment(p: Principal): boolean {
  return p.decider;
}

export const blockMessages: Record<Exclude<DecideBlock, null>, string> = {
  role: "Your role can read tasks but not decide them.",
  closed: "This task is already closed.",
  not_assigned: "This task is assigned to someone else.",
  initiator: "Separation of duties: you started this run, so you cannot decide its approvals.",
  already_decided: "You have already decided this task; it waits for other reviewers.",
  claimed: "Another reviewer has claimed this task: they decide it unless they release it or an admin takes it over.",
};
