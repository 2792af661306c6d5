// Inbox test helpers: users, approval graphs, parked runs, raw task rows for list tests, and the
// database clock (time moves by writing due times into the past, never by sleeping).
import { randomUUID } from "node:crypto";
import type { TestDatabase } from "@/tests/helpers/test-db";
import type { Harness } from "@/tests/engine/helpers/engine";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { startRun } from "@/lib/engine/run-service";
import type { TaskRecord } from "@/lib/engine/ports";
import type { Role } from "@/lib/auth/roles";
import { principalOf, type Principal } from "@/lib/inbox/task-access";

export async function addUser(
  db: TestDatabase,
  id: string,
  role: Role,
  opts: { disabled?: boolean } = {},
): Promise<Principal & { name: string }> {
  await db.prisma.user.create({
    data: { id, name: `${id[0].toUpperCase()}${id.slice(1)}`, email: `${id}@example.com`, role, disabled: opts.disabled ?? false },
  });
  return { ...principalOf({ id, role }), name: `${id[0].toUpperCase()}${id.slice(1)}` };
}

export function approvalGraph(config: Record<string, unknown>): Record<string, unknown> {
  return graph()
    .start()
    .node({
      id: "ap",
      name: "Review",
      kind: "approval",
      config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Check **the amount**.", payload: "$.input", ...config },
    })
    .transform("late", "{ 'late': true }")
    .end("end", "$.steps.Review.output")
    .end("end2", "$.steps.late.output")
    .edge("start", "ap")
    .edge("ap", "end", "approved")
    .edge("ap", "end", "rejected")
    .edge("ap", "late", "timeout")
    .edge("late", "end2")
    .build();
}

export async function parkedTask(
  h: Harness,
  config: Record<string, unknown>,
  opts: { initiatorId?: string; input?: Record<string, unknown>; workflowId?: string } = {},
): Promise<{ runId: string; task: TaskRecord; workflowId: string }> {
  const { versionId, workflowId } = await publish(h.db.sql, approvalGraph(config), opts.workflowId as Parameters<typeof publish>[2]);
  const run = await startRun(h.deps, {
    versionId,
    input: opts.input ?? { amount: 120, note: "ok" },
    initiatorId: opts.initiatorId ?? "starter",
  });
  await h.waitFor(run.id, ["waiting"]);
  const [task] = await h.store.getTasks(run.id);
  return { runId: run.id, task, workflowId };
}

/** Database clock now (PostgreSQL's clock_timestamp on PostgreSQL). */
export const dbNow = (db: TestDatabase) => db.sql.now();

/** Make the task's due time lie in the past by the database clock (only the Task row). */
export async function makeDue(db: TestDatabase, taskId: string): Promise<void> {
  await db.sql.run(`UPDATE "Task" SET "dueAtMs"=? WHERE "id"=?`, [(await db.sql.now()) - 1000, taskId]);
}

export async function count(db: TestDatabase, sql: string, params: (string | number)[] = []): Promise<number> {
  const rows = await db.sql.all<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

export interface RawTask {
  id?: string;
  workflowId: string;
  title?: string;
  dueAtMs?: number | null;
  createdAtMs: number;
  confidence?: number | null;
  initiatorId?: string | null;
  assignees: { type: "user" | "role"; value: string }[];
  status?: string;
}

/** Insert a task row directly (list tests need many tasks in precise states, not runs). */
export async function insertRawTask(db: TestDatabase, t: RawTask): Promise<string> {
  const id = t.id ?? randomUUID();
  const status = t.status ?? "open";
  await db.sql.run(
    `INSERT INTO "Task" ("id","runId","stepKey","workflowId","versionId","nodeId","type","title","instructions","payload","confidence","status","quorum","initiatorId","dueAtMs","createdAtMs")
     VALUES (?,?,?,?,?,?,'approval',?,?,?,?,?,1,?,?,?)`,
    [
      id,
      randomUUID(),
      "ap",
      t.workflowId,
      "v1",
      "ap",
      t.title ?? `Task ${id.slice(0, 4)}`,
      "Please check",
      "{}",
      t.confidence ?? null,
      status,
      t.initiatorId ?? null,
      t.dueAtMs ?? null,
      t.createdAtMs,
    ],
  );
  for (const a of t.assignees) {
    await db.sql.run(`INSERT INTO "TaskAssignee" ("id","taskId","type","value","status") VALUES (?,?,?,?,?)`, [
      randomUUID(),
      id,
      a.type,
      a.value,
      status,
    ]);
  }
  return id;
}

export async function insertWorkflow(db: TestDatabase, name: string): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  const createdAt = db.dialect === "sqlite" ? now.replace("Z", "+00:00") : now;
  await db.sql.run(`INSERT INTO "Workflow" ("id","name","draftGraph","createdAt","updatedAt") VALUES (?,?,?,?,?)`, [
    id,
    name,
    "{}",
    createdAt,
    createdAt,
  ]);
  return id;
}
