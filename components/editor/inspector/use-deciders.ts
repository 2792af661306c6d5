"use client";
// The people and roles an approval can go to, for the assignee pickers: the roles with the decide
// permission and the enabled users who hold one (the design environment), and why a picked
// assignee cannot decide (lib/model/deciders, the rule the validator uses too).
import { cannotDecide, cannotDecideNote, userCanDecide, type AssigneeRef, type DeciderEnv } from "@/lib/model/deciders";
import { WORKSPACE_ROLES } from "@/lib/model/roles";
import { useDesignEnv } from "../design-env-context";

export function useDeciders() {
  const env = useDesignEnv();
  const deciders: DeciderEnv = {
    users: env?.users ?? [],
    decidingRoles: env?.decidingRoles ?? WORKSPACE_ROLES.filter((r) => r !== "viewer"),
  };
  return {
    /** False for viewers, whose editor has no design environment (and no people list). */
    known: env !== undefined,
    users: deciders.users,
    decidingRoles: deciders.decidingRoles,
    /** Users who can decide, as picker options. */
    deciderOptions: deciders.users.filter((u) => userCanDecide(u, deciders)).map((u) => ({ value: u.id, label: u.name, detail: u.role })),
    /** Why this assignee can never decide ("unknown user", "viewer: cannot decide"), or null. */
    note: (ref: AssigneeRef): string | null => {
      if (!env) return null;
      const why = cannotDecide(ref, deciders);
      return why ? cannotDecideNote(why) : null;
    },
  };
}
