// Reassigning an open task to one user or one role, with a note, in ONE transaction: rights, task
// state and version are checked on the locked row; the assignees are replaced, the version bumps
// (so a reviewer looking at the old assignment gets a clear conflict), and the note, run event,
// audit record and notifications commit together.
//
// Who may reassign: admins, and the task's current assignees (named, or through their role). The
// new assignee must be able to decide: an enabled user whose role may decide tasks, or a deciding
// role; under separation of duties it may not be the run's initiator.
import { z } from "zod";
import type { SqlDb } from "@/lib/db/sql";
import { appendTaskRunEvent, insertTaskComment, replaceAssignees } from "@/lib/db/task-store";
import { txNow } from "@/lib/db/tx-now";
import { findDirectoryUser } from "@/lib/db/user-directory-read";
import { can, roleSchema } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import type { WrittenNotification } from "@/lib/notifications/notification-types";
import { notifyAssignees } from "@/lib/notifications/task-notifications";
import { closeTaskNotifications } from "@/lib/db/notification-store";
import { getTaskOr404 } from "./require-task";
import { canReassign, type Principal } from "./task-access";
import { auditTask } from "./task-audit";
import { roleLabel } from "./user-names";

export const reassignBody = z.strictObject({
  to: z.strictObject({
    type: z.enum(["user", "role"]),
    id: z.string().trim().min(1, "Choose a user or role").max(200),
  }),
  note: z.string().trim().min(1, "A note is required: say why you reassign the task").max(2000),
  /** The Task.version the caller saw; a stale one is a 409. */
  expectedVersion: z.number().int().min(0).optional(),
});

export type ReassignInput = z.output<typeof reassignBody>;

export interface ReassignResult {
  taskId: string;
  version: number;
  assignees: { type: "user" | "role"; id: string; label: string }[];
  notifications: WrittenNotification[];
}

export async function reassignTask(
  db: SqlDb,
  taskId: string,
  actor: Principal & { name: string },
  input: ReassignInput,
): Promise<ReassignResult> {
  return db.tx(async (q) => {
    const task = await getTaskOr404(q, taskId, { forUpdate: db.dialect === "postgresql" });
    if (input.expectedVersion !== undefined && input.expectedVersion !== task.version) {
      throw new DomainError(
        "task_version_conflict",
        `Task changed (version ${task.version}, you saw ${input.expectedVersion}); reload and try again.`,
      );
    }
    if (task.status !== "open") throw new DomainError("task_closed", `Task is already ${task.status.replace("_", " ")}.`);
    if (!canReassign(task, actor)) throw new DomainError("forbidden", "Only admins and the task's current assignees can reassign it.");

    let label: string;
    if (input.to.type === "role") {
      const role = roleSchema.safeParse(input.to.id);
      if (!role.success)
        throw new DomainError("invalid_assignee", `Unknown role "${input.to.id}".`, [{ path: "to.id", message: "unknown role" }]);
      if (!can(role.data, "tasks:decide")) {
        throw new DomainError("invalid_assignee", `The ${role.data} role cannot decide tasks; choose reviewer or admin.`, [
          { path: "to.id", message: "role cannot decide" },
        ]);
      }
      label = roleLabel(role.data);
    } else {
      const u = await findDirectoryUser(q, input.to.id);
      if (!u) throw new DomainError("invalid_assignee", "That user does not exist.", [{ path: "to.id", message: "unknown user" }]);
      if (u.disabled) throw new DomainError("invalid_assignee", `${u.name} is disabled.`, [{ path: "to.id", message: "user disabled" }]);
      const role = roleSchema.safeParse(u.role);
      if (!role.success || !can(role.data, "tasks:decide")) {
        throw new DomainError("invalid_assignee", `${u.name} cannot decide tasks (role ${u.role}).`, [
          { path: "to.id", message: "user cannot decide" },
        ]);
      }
      if (task.separationOfDuties && task.initiatorId === u.id) {
        throw new DomainError("separation_of_duties", `${u.name} started this run and cannot decide it (separation of duties).`, [
          { path: "to.id", message: "run initiator" },
        ]);
      }
      label = u.name;
    }
    const to = { type: input.to.type, value: input.to.id };
    if (task.assignees.length === 1 && task.assignees[0].type === to.type && task.assignees[0].value === to.value) {
      throw new DomainError("already_assigned", `The task is already assigned to ${label}.`);
    }

    const now = await txNow(db.dialect, q);
    if (!(await replaceAssignees(q, task, to))) {
      throw new DomainError("task_version_conflict", "Task changed while you were reassigning it; reload and try again.");
    }
    const from = task.assignees.map((a) => ({ type: a.type, id: a.value }));
    await insertTaskComment(q, {
      taskId: task.id,
      userId: actor.userId,
      kind: "reassign",
      body: `Reassigned to ${label}: ${input.note}`,
      atMs: now,
    });
    await appendTaskRunEvent(q, task, "task.reassigned", { by: actor.userId, to: input.to, version: task.version + 1 }, now);
    await auditTask(q, db.dialect, {
      action: "task.reassigned",
      actorId: actor.userId,
      task,
      atMs: now,
      data: { diff: { assignees: { from, to: [input.to] } }, reason: input.note },
    });
    // The earlier assignees' notifications are done; the new assignee gets a fresh one below.
    await closeTaskNotifications(q, db.dialect, { taskId: task.id }, now);
    const notifications = await notifyAssignees(
      q,
      task,
      [to],
      {
        key: `reassigned:${task.id}:${task.version + 1}`,
        type: "task.reassigned",
        title: `${actor.name} reassigned "${task.title}" to ${to.type === "user" ? "you" : label}`,
        taskId: task.id,
      },
      now,
      [actor.userId],
    );
    return { taskId: task.id, version: task.version + 1, assignees: [{ type: to.type, id: to.value, label }], notifications };
  });
}
