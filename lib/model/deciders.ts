// Who can decide an approval: a role with the decide permission, or an enabled user who holds one.
// The validator (assignees and escalation targets) and the inspector's assignee pickers judge
// assignees with this one rule, against the workspace's design environment.
import type { DesignEnvironment, DesignUser } from "./validation/design-env";

export type DeciderEnv = Pick<DesignEnvironment, "users" | "decidingRoles">;

export interface AssigneeRef {
  type: "user" | "role";
  id: string;
}

/** Why an assignee can never decide, or null when it can. */
export type CannotDecide =
  | { reason: "unknown_user"; id: string }
  | { reason: "disabled"; user: DesignUser }
  | { reason: "role_cannot_decide"; role: string; user?: DesignUser };

export function userCanDecide(user: DesignUser, env: DeciderEnv): boolean {
  return !user.disabled && env.decidingRoles.includes(user.role);
}

export function cannotDecide(target: AssigneeRef, env: DeciderEnv): CannotDecide | null {
  if (target.type === "role") return env.decidingRoles.includes(target.id) ? null : { reason: "role_cannot_decide", role: target.id };
  const user = env.users.find((u) => u.id === target.id);
  if (!user) return { reason: "unknown_user", id: target.id };
  if (user.disabled) return { reason: "disabled", user };
  if (!env.decidingRoles.includes(user.role)) return { reason: "role_cannot_decide", role: user.role, user };
  return null;
}

/** A sentence for the Problems panel: "the viewer role cannot decide approvals", "Olga is disabled". */
export function cannotDecideSentence(why: CannotDecide): string {
  switch (why.reason) {
    case "unknown_user":
      return `user ${why.id} does not exist`;
    case "disabled":
      return `${why.user.name} is disabled`;
    case "role_cannot_decide":
      return why.user ? `${why.user.name} (${why.role}) cannot decide approvals` : `the ${why.role} role cannot decide approvals`;
  }
}

/** A short note beside a picked assignee in the inspector: "unknown user", "viewer: cannot decide". */
export function cannotDecideNote(why: CannotDecide): string {
  switch (why.reason) {
    case "unknown_user":
      return "unknown user";
    case "disabled":
      return "disabled: cannot decide";
    case "role_cannot_decide":
      return why.user ? `${why.role}: cannot decide` : "cannot decide";
  }
}
