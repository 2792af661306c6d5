// The approval kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./approval) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { objectJsonSchema } from "../json-schema";
import { WORKSPACE_ROLES } from "../roles";
import { expressionField, requiredTemplateField } from "./config-fields";

const assigneesSchema = z
  .strictObject({
    users: field(z.array(z.string().min(1)).default([]), { label: "Users", widget: "select" }),
    roles: field(z.array(z.enum(WORKSPACE_ROLES)).default([]), { label: "Roles", widget: "select" }),
  })
  .refine((a) => a.users.length + a.roles.length > 0, "Assign at least one user or role");

const escalationSchema = z.strictObject({
  to: field(z.strictObject({ type: z.enum(["user", "role"]), id: z.string().min(1) }), {
    label: "Escalate to",
    widget: "assignee",
    help: "A role or person who can decide, added to the assignees.",
  }),
  afterMs: field(z.number().int().min(1), { label: "After", widget: "duration" }),
});

export const approvalConfigSchema = z.strictObject({
  assignees: field(assigneesSchema, {
    label: "Assignees",
    widget: "assignees",
    help: "Who may decide: people and roles allowed to decide approvals.",
  }),
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
  allowBulk: field(z.boolean().default(false), {
    label: "Allow bulk approval",
    widget: "switch",
    help: "Reviewers may approve these tasks several at a time from the inbox (each still checked on its own).",
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

export type ApprovalConfig = z.output<typeof approvalConfigSchema>;
