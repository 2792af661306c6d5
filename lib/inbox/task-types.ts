// The task API's response shapes, shared by the route handlers (lib/inbox) and the inbox UI
// (lib/queries/tasks.ts, components/inbox). Types only: safe to import from client components.

export type { TaskStatus } from "@/lib/model/vocabulary";
import type { RunStatus, StepStatus, TaskStatus } from "@/lib/model/vocabulary";

export interface AssigneeView {
  type: "user" | "role";
  /** User id or role name. */
  id: string;
  /** Display name: the user's name, or the role label. */
  label: string;
}

export interface DecisionSummary {
  userId: string;
  userName: string;
  decision: "approve" | "reject";
  atMs: number;
}

/** Why the caller cannot decide (null when they can). Shown instead of the action buttons. */
export type DecideBlock =
  | "role" // the caller's role cannot decide tasks (viewer, designer)
  | "not_assigned"
  | "initiator" // separation of duties
  | "already_decided"
  | "closed"
  | "claimed" // another reviewer has claimed it
  | null;

export interface TaskListItem {
  id: string;
  runId: string;
  workflowId: string;
  workflowName: string;
  versionId: string;
  nodeId: string;
  type: string;
  title: string;
  /** The first characters of the instructions (markdown source). */
  summary: string;
  confidence: number | null;
  status: TaskStatus;
  quorum: number;
  approvals: number;
  rejections: number;
  dueAtMs: number | null;
  createdAtMs: number;
  escalationLevel: number;
  version: number;
  assignees: AssigneeView[];
  myDecision: "approve" | "reject" | null;
  canDecide: boolean;
  blockedBy: DecideBlock;
  /** Who has claimed the task (null: nobody). */
  claimedBy: ClaimView | null;
  /** Out of office: the assignees who delegated this task to the caller (empty when it is theirs anyway). */
  delegatedFrom: { id: string; label: string }[];
  /** Its approval step allows approving it together with others of the same step. */
  allowBulk: boolean;
}

export interface ClaimView {
  id: string;
  label: string;
  mine: boolean;
}

/** What the caller may do about the claim: claim it, release their own, take another's over (admins). */
export type ClaimAction = "claim" | "release" | "take_over" | null;

export interface TaskListResponse {
  tasks: TaskListItem[];
  nextCursor: string | null;
  /** Open tasks matching the filters (all pages). */
  total: number;
  /** Database clock, for "overdue" and ages. */
  now: number;
}

export interface DecisionView {
  id: string;
  userId: string;
  userName: string;
  decision: "approve" | "reject";
  comment: string;
  diff: { path: string; from: unknown; to: unknown }[] | null;
  payloadHash: string;
  atMs: number;
  /** Out of office: the assignee the decider stood in for, with their name. */
  onBehalfOf: { id: string; label: string } | null;
}

export interface CommentView {
  id: string;
  userId: string | null;
  userName: string;
  kind: "comment" | "reassign" | "escalation";
  body: string;
  atMs: number;
}

export interface UpstreamStep {
  stepKey: string;
  nodeId: string;
  name: string;
  kind: string;
  /** Only finished steps are shown: succeeded or failed. */
  status: StepStatus;
  output: unknown;
}

export interface RunLink {
  runId: string;
  workflowId: string;
  workflowName: string;
  status: RunStatus;
  /** The parent's step that started this run (child runs only). */
  stepKey: string | null;
}

export interface TaskRunContext {
  id: string;
  /** "unknown" when the run row is gone. */
  status: RunStatus | "unknown";
  workflowId: string;
  workflowName: string;
  versionId: string;
  version: number | null;
  input: unknown;
  initiatorId: string | null;
  initiatorName: string | null;
  createdAt: string;
  /** Ancestors, nearest first (child runs started by a sub-workflow step). */
  parents: RunLink[];
  upstream: UpstreamStep[];
}

export interface TaskDetail {
  id: string;
  runId: string;
  stepKey: string;
  workflowId: string;
  versionId: string;
  nodeId: string;
  type: string;
  title: string;
  instructions: string;
  payload: unknown;
  /** JSON Schema (type object) of the fields a reviewer may edit; `properties` empty = read-only. */
  editableSchema: unknown;
  context: Record<string, unknown>;
  confidence: number | null;
  rationale: string | null;
  status: TaskStatus;
  result: unknown;
  quorum: number;
  rejectionPolicy: string;
  separationOfDuties: boolean;
  dueAtMs: number | null;
  escalation: { to: { type: "user" | "role"; id: string }; afterMs: number }[];
  escalationLevel: number;
  version: number;
  createdAtMs: number;
  decidedAtMs: number | null;
  payloadHash: string;
  assignees: AssigneeView[];
  decisions: DecisionView[];
  comments: CommentView[];
  run: TaskRunContext;
  permissions: { canDecide: boolean; blockedBy: DecideBlock; canReassign: boolean; canComment: boolean; claim: ClaimAction };
  claimedBy: ClaimView | null;
  claimedAtMs: number | null;
  now: number;
}

export interface TaskDetailResponse {
  task: TaskDetail;
}

export interface NotificationView {
  id: string;
  type: "task.new" | "task.reassigned" | "task.overdue" | "workflow.alert";
  title: string;
  taskId: string | null;
  read: boolean;
  atMs: number;
}

export interface NotificationListResponse {
  notifications: NotificationView[];
  unread: number;
}
