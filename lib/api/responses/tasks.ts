// Response schemas of the task, inbox and notification routes.
import { z } from "zod";
import { TASK_DECISIONS, TASK_STATUSES } from "@/lib/model/vocabulary";
import { roles } from "@/lib/auth/permissions";
import { anyJson, epochMs, obj } from "./common";
import { taskAssigneeSchema, taskSchema } from "./runs";

const decisionSchema = obj({
  id: z.string(),
  taskId: z.string(),
  userId: z.string(),
  decision: z.enum(TASK_DECISIONS),
  comment: z.string(),
  payload: anyJson,
  atMs: epochMs,
}).meta({ id: "Decision" });

export const decideBody = obj({ task: taskSchema, decision: decisionSchema });

export const commentSchema = obj({
  id: z.string(),
  userId: z.string().nullable(),
  userName: z.string(),
  kind: z.enum(["comment", "reassign", "escalation"]),
  body: z.string(),
  atMs: epochMs,
}).meta({ id: "TaskComment" });

export const commentBodyOut = obj({ comment: commentSchema });
export const commentsBody = obj({ comments: z.array(commentSchema) });

export const taskListBody = obj({
  tasks: z.array(
    obj({
      id: z.string(),
      runId: z.string(),
      workflowId: z.string(),
      workflowName: z.string(),
      type: z.string(),
      title: z.string(),
      status: z.enum(TASK_STATUSES),
      quorum: z.number().int(),
      approvals: z.number().int(),
      rejections: z.number().int(),
      dueAtMs: epochMs.nullable(),
      createdAtMs: epochMs,
      version: z.number().int(),
      canDecide: z.boolean(),
      claimedBy: obj({ id: z.string(), label: z.string(), mine: z.boolean() }).nullable(),
      /** Out of office: the people whose task this is and who delegated it to the caller. */
      delegatedFrom: z.array(obj({ id: z.string(), label: z.string() })),
      /** The approval step allows bulk approval (POST /api/v1/tasks/bulk-decide). */
      allowBulk: z.boolean(),
    }).meta({ id: "TaskListItem" }),
  ),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  now: epochMs,
});

export const taskDetailBody = obj({
  task: obj({
    id: z.string(),
    runId: z.string(),
    status: z.enum(TASK_STATUSES),
    title: z.string(),
    payload: anyJson,
    version: z.number().int(),
    assignees: z.array(obj({ type: z.enum(["user", "role"]), id: z.string(), label: z.string() })),
    decisions: z.array(anyJson),
    comments: z.array(commentSchema),
    run: obj({ id: z.string(), workflowName: z.string() }),
    permissions: obj({ canDecide: z.boolean(), canReassign: z.boolean(), canComment: z.boolean() }),
  }).meta({ id: "TaskDetail" }),
});

export const claimOut = obj({
  taskId: z.string(),
  version: z.number().int(),
  claimedBy: z.string().nullable(),
  claimedAtMs: z.number().nullable(),
});
export const reassignOut = obj({ taskId: z.string(), version: z.number().int(), assignees: z.array(taskAssigneeSchema) });
export const reassignCandidatesBody = obj({
  users: z.array(obj({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(roles) })),
  roles: z.array(obj({ id: z.string(), label: z.string() })),
});

export const inboxCountBody = obj({ count: z.number().int() });

export const notificationsBody = obj({
  notifications: z.array(
    obj({ id: z.string(), type: z.string(), title: z.string(), taskId: z.string().nullable(), read: z.boolean(), atMs: epochMs }).meta({
      id: "Notification",
    }),
  ),
  unread: z.number().int(),
});
export const notificationsReadBody = obj({ changed: z.number().int() });

const delegationSchema = obj({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  delegateId: z.string(),
  delegateName: z.string(),
  fromMs: epochMs,
  toMs: epochMs,
  createdBy: z.string(),
  note: z.string(),
  createdAtMs: epochMs,
  cancelledAtMs: z.number().nullable(),
  cancelledBy: z.string().nullable(),
  active: z.boolean(),
}).meta({ id: "Delegation" });
export const delegationOut = obj({ delegation: delegationSchema });
export const delegationListOut = obj({ delegations: z.array(delegationSchema) });
export const delegateCandidatesOut = obj({ users: z.array(obj({ id: z.string(), name: z.string(), email: z.string() })) });

export const bulkDecideOut = obj({
  results: z.array(obj({ taskId: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() })),
});
