// The inbox's periodic work, run by each engine worker before it claims runs (WorkerOptions
// `beforeClaim`): escalate due tasks (at most every 250 ms: the worker wakes at a task's due time and
// sweeps before it claims, so escalation normally happens before the approval is resumed), and at
// most once a second notify assignees of new tasks and of tasks that just went overdue. Between
// sweeps the call costs nothing, so it adds nothing to the decide → next step path.
//
// New tasks are found by a createdAtMs cursor with an overlap window: a task's createdAtMs is taken
// before its transaction commits, so tasks created up to OVERLAP_MS before the cursor are looked at
// again; deterministic notification ids make that a no-op, and a per-process set skips the work.
import { readSetting, writeSetting } from "@/lib/db/setting-store";
import type { SqlDb } from "@/lib/db/sql";
import { findTask, workflowName } from "@/lib/db/task-store";
import { openTasksCreatedAfter } from "@/lib/db/task-sweep-read";
import { txNow } from "@/lib/db/tx-now";
import { deliverLater, type Mailer } from "@/lib/notifications/mailer";
import type { WrittenNotification } from "@/lib/notifications/notification-types";
import { notifyAssignees } from "@/lib/notifications/task-notifications";
import { escalateDueTasks, notifyNewlyOverdue } from "./escalation";

const CURSOR_KEY = "inbox.newTaskCursorMs";
const OVERLAP_MS = 10_000;
const FIRST_LOOKBACK_MS = 5 * 60_000;
const NEW_TASK_INTERVAL_MS = 1000;
const ESCALATION_INTERVAL_MS = 250;
const BATCH = 500;

export interface InboxSweepOptions {
  mailer?: Mailer | null;
  /** Called after escalations signalled runs (wake the local worker). */
  onEscalated?: () => void;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Minimum time between new-task and overdue scans (tests pass 0). */
  newTaskIntervalMs?: number;
  /** Minimum time between escalation scans (tests pass 0). */
  escalationIntervalMs?: number;
  /** Told once per process about each new open task (chat approvals post it to Slack and Teams). */
  onNewTask?: (taskId: string) => void;
}

export class InboxSweeper {
  private cursorMs: number | null = null;
  private lastNewTaskScan = 0;
  private lastEscalationScan = 0;
  private overdueFromMs: number | null = null;
  private readonly seen = new Map<string, number>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: SqlDb,
    private readonly opts: InboxSweepOptions = {},
  ) {}

  /** One sweep; concurrent calls share the one in progress. */
  run(): Promise<void> {
    this.running ??= this.sweep().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweep(): Promise<void> {
    const emails: WrittenNotification[] = [];
    if (Date.now() - this.lastEscalationScan >= (this.opts.escalationIntervalMs ?? ESCALATION_INTERVAL_MS)) {
      this.lastEscalationScan = Date.now();
      const esc = await escalateDueTasks(this.db);
      emails.push(...esc.notifications);
      if (esc.escalated.length) this.opts.onEscalated?.();
    }
    if (Date.now() - this.lastNewTaskScan >= (this.opts.newTaskIntervalMs ?? NEW_TASK_INTERVAL_MS)) {
      this.lastNewTaskScan = Date.now();
      emails.push(...(await this.notifyNewTasks()));
      emails.push(...(await this.notifyOverdue()));
    }
    // Email never holds up the worker loop: the in-app notifications are committed already.
    deliverLater(this.opts.mailer, emails);
  }

  /** Tasks whose due time passed since the last scan (with an overlap; notification ids dedupe). */
  private async notifyOverdue(): Promise<WrittenNotification[]> {
    const now = await this.db.now();
    const from = this.overdueFromMs ?? now - FIRST_LOOKBACK_MS;
    const r = await notifyNewlyOverdue(this.db, from - OVERLAP_MS, now);
    this.overdueFromMs = now;
    return r.notifications;
  }

  private async loadCursor(now: number): Promise<number> {
    if (this.cursorMs !== null) return this.cursorMs;
    const raw = await readSetting(this.db, CURSOR_KEY);
    const stored = raw !== null ? Number(JSON.parse(raw)) : NaN;
    this.cursorMs = Number.isFinite(stored) ? stored : now - FIRST_LOOKBACK_MS;
    return this.cursorMs;
  }

  private async saveCursor(ms: number): Promise<void> {
    this.cursorMs = ms;
    await writeSetting(this.db, CURSOR_KEY, ms);
  }

  /** Notify the assignees of tasks created since the cursor (minus the overlap window). */
  async notifyNewTasks(): Promise<WrittenNotification[]> {
    const now = await this.db.now();
    const cursor = await this.loadCursor(now);
    const rows = await openTasksCreatedAfter(this.db, cursor - OVERLAP_MS, BATCH);
    const written: WrittenNotification[] = [];
    let processed = 0;
    for (const r of rows) {
      if (this.seen.has(r.id)) continue;
      written.push(...(await this.notifyNewTask(r.id)));
      this.seen.set(r.id, r.createdAtMs);
      this.opts.onNewTask?.(r.id);
      processed++;
    }
    const next = rows.length === BATCH ? rows[rows.length - 1].createdAtMs : now;
    for (const [id, at] of this.seen) if (at < next - 2 * OVERLAP_MS) this.seen.delete(id);
    if (processed > 0 || next - cursor > 60_000) await this.saveCursor(next);
    else this.cursorMs = next;
    return written;
  }

  private async notifyNewTask(taskId: string): Promise<WrittenNotification[]> {
    return this.db.tx(async (q) => {
      const task = await findTask(q, taskId);
      if (!task || task.status !== "open") return [];
      const wf = await workflowName(q, task.workflowId);
      const now = await txNow(this.db.dialect, q);
      return notifyAssignees(
        q,
        task,
        task.assignees,
        { key: `new:${taskId}`, type: "task.new", title: `New task: "${task.title}"${wf !== null ? ` in ${wf}` : ""}`, taskId },
        now,
      );
    });
  }
}

/** The hook for the engine worker: `new Worker({ ..., beforeClaim: inboxSweepHook(db, opts) })`. */
export function inboxSweepHook(db: SqlDb, opts: InboxSweepOptions = {}): () => Promise<void> {
  const sweeper = new InboxSweeper(db, opts);
  return () =>
    sweeper.run().catch((e: unknown) => {
      (opts.log ?? ((m, x) => console.warn(`[inbox] ${m}`, x ?? "")))("inbox sweep failed", {
        error: e instanceof Error ? e.message : String(e),
      });
    });
}
