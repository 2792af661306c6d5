import { formatDuration } from "../duration";
import { IN_HANDLES } from "../handles";
import { exprField } from "./fields";
import { defineNodeKind } from "./types";
import type { ApprovalConfig } from "./approval.config";

export const approvalKind = defineNodeKind<"approval", ApprovalConfig>({
  kind: "approval",
  label: "Approval",
  description: "Pauses until reviewers approve or reject a proposed payload.",
  category: "human",
  icon: "UserCheck",
  defaults: {
    assignees: { users: [], roles: ["reviewer"] },
    instructions: "Please review the proposed payload.",
    payload: "$.input",
    quorum: 1,
    rejectionPolicy: "any_rejects",
    separationOfDuties: true,
    allowBulk: false,
    escalation: [],
  },
  inputs: IN_HANDLES,
  outputs: () => [
    { id: "approved", label: "Approved" },
    { id: "rejected", label: "Rejected" },
    { id: "timeout", label: "Timed out" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => [
    ...exprField("instructions", "template", config.instructions),
    ...exprField("payload", "expression", config.payload),
  ],
  summary: (config) => {
    const who = [...config.assignees.roles, ...config.assignees.users].slice(0, 2).join(", ");
    const quorum = config.quorum > 1 ? ` · ${config.quorum} needed` : "";
    const due = config.dueInMs ? ` · due ${formatDuration(config.dueInMs)}` : "";
    return `${who || "Nobody"}${quorum}${due}`;
  },
});
