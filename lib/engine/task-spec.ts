// Tasks the engine and executors open for one decision by one role (crash recovery, an agent's tool
// call): quorum 1, one rejection rejects, no deadline or escalation. Approval nodes build theirs
// from the node's config instead.
import type { TaskSpec } from "./ports";

export function singleDecisionTask(
  spec: Pick<TaskSpec, "type" | "title" | "instructions" | "payload" | "editableSchema" | "context"> & {
    role: string;
    separationOfDuties?: boolean;
  },
): TaskSpec {
  const { role, separationOfDuties = false, ...rest } = spec;
  return {
    ...rest,
    quorum: 1,
    rejectionPolicy: "any_rejects",
    separationOfDuties,
    dueAtMs: null,
    escalation: [],
    escalationLevel: 0,
    assignees: [{ type: "role", value: role }],
  };
}
