// Escalation chains, driven by the database clock. An open task whose dueAtMs has passed while its
// chain has steps left is, in ONE transaction: reassigned to the next step's user or role, made due
// again `afterMs` later (escalationLevel + 1), its parked approval step's wake-up moved to the new
// due time, the run signalled (so a worker re-reads it), and the escalation commented, evented,
// audited and notified (new assignees: "escalated to you"; previous ones: "overdue").
//
// Past the last step the engine's approval `resume` routes the task down `timeout` (it must not do
// so while steps are left: see docs/inbox.md for the guard); notifyNewlyOverdue tells the current
// assignees that the task went overdue.
import { signalRun } from "@/lib/db/signal-run";
import type { SqlDb } from "@/lib/db/sql";
import { moveWaitingStepWakeUp, notifyWorkersOnCommit, runStatus } from "@/lib/db/task-escalation-store";
import { appendTaskRunEvent, findTask, insertTaskComment, replaceAssignees } from "@/lib/db/task-store";
import { tasksDueBetween, tasksDueWithChain } from "@/lib/db/task-sweep-read";
import { txNow } from "@/lib/db/tx-now";
import { loadUserNames } from "@/lib/db/user-directory-read";
import { isActiveRun } from "@/lib/model/vocabulary";
import type { WrittenNotification } from "@/lib/notifications/notification-types";
import { notifyAssignees } from "@/lib/notifications/task-notifications";
import { parseEscalationChain } from "./escalation-chain";
import { auditTask } from "./task-audit";
import { roleLabel } from "./user-names";

const BATCH = 100;
const OVERDUE_BATCH = 500;

export interface EscalationOutcome {
  escalated: { taskId: string; level: number; to: { type: "user" | "role"; id: string } }[];
  notifications: WrittenNotification[];
}

/**
 * Escalate every open task that is due (by the database clock) and has chain steps left. Idempotent
 * and safe to run from several processes at once (each escalation re-checks the locked row's level
 * and version). Tasks at the end of their chain are left to the engine (timeout).
 */
export async function escalateDueTasks(db: SqlDb): Promise<EscalationOutcome> {
  const now = await db.now();
  const due = await tasksDueWithChain(db, now, BATCH);
  const out: EscalationOutcome = { escalated: [], notifications: [] };
  for (const row of due) {
    const level = row.escalationLevel;
    if (level >= parseEscalationChain(row.escalation).length) continue;
    const r = await escalateOne(db, row.id, level);
    if (r) {
      out.escalated.push(r.escalated);
      out.notifications.push(...r.notifications);
    }
  }
  return out;
}

/**
 * Tell the assignees of tasks whose due time passed in (fromMs, toMs] with no escalation step left
 * that they went overdue (the engine routes them down `timeout`). Escalated tasks are told by
 * their escalation instead.
 */
export async function notifyNewlyOverdue(
  db: SqlDb,
  fromMs: number,
  toMs: number,
): Promise<{ overdue: string[]; notifications: WrittenNotification[] }> {
  const rows = await tasksDueBetween(db, fromMs, toMs, OVERDUE_BATCH);
  const out = { overdue: [] as string[], notifications: [] as WrittenNotification[] };
  for (const row of rows) {
    const level = row.escalationLevel;
    if (level < parseEscalationChain(row.escalation).length) continue;
    out.overdue.push(row.id);
    out.notifications.push(...(await notifyOverdue(db, row.id, level)));
  }
  return out;
}

async function escalateOne(
  db: SqlDb,
  taskId: string,
  expectedLevel: number,
): Promise<{ escalated: EscalationOutcome["escalated"][number]; notifications: WrittenNotification[] } | null> {
  return db.tx(async (q) => {
    const task = await findTask(q, taskId, { forUpdate: db.dialect === "postgresql" });
    const now = await txNow(db.dialect, q);
    if (!task || task.status !== "open" || task.escalationLevel !== expectedLevel || task.dueAtMs === null || task.dueAtMs > now)
      return null;
    const chain = parseEscalationChain(task.escalation);
    const step = chain[expectedLevel];
    if (!step) return null;
    const status = await runStatus(q, task.runId);
    if (status === null || !isActiveRun(status)) return null;

    const level = expectedLevel + 1;
    const dueAtMs = now + step.afterMs;
    const to = { type: step.to.type, value: step.to.id };
    if (!(await replaceAssignees(q, task, to, { escalationLevel: level, dueAtMs }))) return null;
    // The parked approval wakes at the new due time; signal the run so a holder re-reads it.
    await moveWaitingStepWakeUp(q, task.runId, task.stepKey, dueAtMs);
    await signalRun(q, task.runId, now);

    const names = to.type === "user" ? await loadUserNames(q, [to.value]) : new Map<string, string>();
    const label = to.type === "user" ? (names.get(to.value) ?? to.value) : roleLabel(to.value);
    const from = task.assignees.map((a) => ({ type: a.type, id: a.value }));
    const reason = `No decision by the due time; escalation step ${level} of ${chain.length}`;
    await insertTaskComment(q, { taskId, userId: null, kind: "escalation", body: `Escalated to ${label}: ${reason}.`, atMs: now });
    await appendTaskRunEvent(q, task, "task.escalated", { level, to: step.to, dueAtMs }, now);
    await auditTask(q, db.dialect, {
      action: "task.escalated",
      actorId: null,
      task,
      atMs: now,
      data: { level, previousDueAtMs: task.dueAtMs, dueAtMs, diff: { assignees: { from, to: [step.to] } }, reason },
    });
    const notifications = [
      ...(await notifyAssignees(
        q,
        task,
        [to],
        {
          key: `escalated:${taskId}:${level}`,
          type: "task.reassigned",
          title: `Escalated to ${to.type === "user" ? "you" : label}: "${task.title}" is overdue`,
          taskId,
        },
        now,
      )),
      ...(await notifyAssignees(
        q,
        task,
        task.assignees,
        {
          key: `overdue:${taskId}:${expectedLevel}`,
          type: "task.overdue",
          title: `Overdue: "${task.title}" was escalated to ${label}`,
          taskId,
        },
        now,
        to.type === "user" ? [to.value] : [],
      )),
    ];
    await notifyWorkersOnCommit(q, db.dialect);
    return { escalated: { taskId, level, to: step.to }, notifications };
  });
}

/** Tell the current assignees that a task with no chain steps left went overdue (routed to timeout). */
async function notifyOverdue(db: SqlDb, taskId: string, level: number): Promise<WrittenNotification[]> {
  return db.tx(async (q) => {
    const task = await findTask(q, taskId);
    if (!task || task.status !== "open") return [];
    const now = await txNow(db.dialect, q);
    return notifyAssignees(
      q,
      task,
      task.assignees,
      { key: `overdue:${taskId}:${level}`, type: "task.overdue", title: `Overdue: "${task.title}" got no decision in time`, taskId },
      now,
    );
  });
}
