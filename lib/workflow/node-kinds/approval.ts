import { z } from "zod";
import { formatDuration } from "../duration";
import { field } from "../field-meta";
import { IN_HANDLES } from "../handles";
import { objectJsonSchema } from "../json-schema";
import { WORKSPACE_ROLES } from "../roles";
import { exprField, expressionField, requiredTemplateField } from "./fields";
import { defineNodeKind } from "./types";

const assigneesSchema = z
  .strictObject({
    users: field(z.array(z.string().min(1)).default([]), { label: "Users", widget: "select" }),
    roles: field(z.array(z.enum(WORKSPACE_ROLES)).default([]), { label: "Roles", widget: "select" }),
  })
  .refine((a) => a.users.length + a.roles.length > 0, "Assign at least one user or role");

const escalationSchema = z.strictObject({
  to: field(
    z.strictObject({ type: z.enum(["user", "role"]), id: z.string().min(1) }),
    { label: "Escalate to", widget: "select" },
  ),
  afterMs: field(z.number().int().min(1), { label: "After", widget: "duration" }),
});

const configSchema = z.strictObject({
  assignees: field(assigneesSchema, { label: "Assignees", widget: "group", help: "Who may decide." }),
  instructions: requiredTemplateField({
    label: "Instructions",
    help: "Markdown shown to reviewers; {{ }} placeholders are rendered when the approval opens.",
  }),
  payload: expressionField({ label: "Proposed payload", help: "What the reviewer approves (and may edit)." }),
  editableSchema: field(objectJsonSchema.optional(), {
    label: "Editable fields",
    widget: "jsonSchema",
    help: "JSON Schema of payload fields a reviewer may edit. Absent: read-only.",
  }),
  quorum: field(z.number().int().min(1).max(50).default(1), {
    label: "Quorum",
    widget: "number",
    help: "Approvals needed.",
  }),
  rejectionPolicy: field(z.enum(["any_rejects", "majority"]).default("any_rejects"), {
    label: "Rejection policy",
    widget: "select",
    help: "any_rejects: one rejection rejects. majority: rejected once approval can no longer win.",
  }),
  separationOfDuties: field(z.boolean().default(true), {
    label: "Separation of duties",
    widget: "switch",
    help: "The run initiator may not decide.",
  }),
  dueInMs: field(z.number().int().min(1).optional(), {
    label: "Due in",
    widget: "duration",
    help: "After this long without a decision the timeout output is taken.",
  }),
  escalation: field(z.array(escalationSchema).max(10).default([]), {
    label: "Escalation",
    widget: "list",
    help: "Add assignees when still undecided after a delay.",
  }),
});

export const approvalKind = defineNodeKind({
  kind: "approval",
  label: "Approval",
  description: "Pauses until reviewers approve or reject a proposed payload.",
  category: "human",
  icon: "UserCheck",
  configSchema,
  defaults: {
    assignees: { users: [], roles: ["reviewer"] },
    instructions: "Please review the proposed payload.",
    payload: "$.input",
    quorum: 1,
    rejectionPolicy: "any_rejects",
    separationOfDuties: true,
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
