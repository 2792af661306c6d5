// `npm run bench:inbox`: reviewers' inbox benchmarks, one JSON object per line. SQLite always;
// PostgreSQL too when TEST_DATABASE_URL is set (a fresh database is created and dropped).
//   inbox-list — 10,000 open tasks across 50 workflows (assigned to users and to roles, some with
//                decisions, due times and confidences); the inbox list query (GET /api/v1/tasks:
//                first page + total + row enrichment) for a reviewer with two roles. Target p95 ≤ 50 ms.
//                Extra fields: p95 of other filters/sorts and of a deep cursor page.
//   decide     — 200 runs parked on approvals, on the same 10,000-task database, with the engine's
//                Worker in-process and the inbox sweep running before each claim (as in production):
//                from the committed decision to the commit that starts the step after the approval
//                (p95_ms, target ≤ 15 ms), and from the decideTask call to that commit.
//   slack-decide — the same, approved from Slack: a signed interaction POST through the route handler
//                → the commit that starts the next step (p95_ms, target ≤ 50 ms on SQLite).
import { randomUUID } from "node:crypto";
import type { Database as Db } from "@/lib/db/connection";
import { createTestDb } from "@/tests/helpers/fresh-db";
import type { Param } from "@/lib/db/sql";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { decideTask, startRun } from "@/lib/engine/run-service";
import type { ClaimedRun, CommitBatch, CommitResult } from "@/lib/engine/ports";
import { listTasks } from "@/lib/inbox/list-tasks";
import { InboxSweeper } from "@/lib/inbox/inbox-sweep";
import type { Principal } from "@/lib/inbox/task-access";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { parseEnv } from "@/lib/env";
import { linkChatUser } from "@/lib/db/chat-store";
import { saveChatSettings } from "@/lib/integrations/chat-settings";
import { slackSignature } from "@/lib/integrations/slack-signature";

type Dialect = "sqlite" | "postgresql";
const TASKS = 10_000;
const WORKFLOWS = 50;
const ITERATIONS = 200;
const HOUR = 3_600_000;

interface Env {
  dialect: Dialect;
  db: Db;
  drop(): Promise<void>;
}

async function freshDb(dialect: Dialect): Promise<Env> {
  const db = await createTestDb(dialect, { poolMax: 16 });
  return { dialect, db, drop: db.drop };
}

function emit(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

const round = (x: number) => Math.round(x * 10) / 10;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function insertRows(env: Env, table: string, cols: string[], rows: Param[][]): Promise<void> {
  const CHUNK = 400;
  await env.db.sql.tx(async (q) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      await q.run(
        `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${part.map(() => `(${cols.map(() => "?").join(",")})`).join(",")}`,
        part.flat(),
      );
    }
  });
}

/** 10,000 open tasks over 50 workflows, assigned to a mix of users and roles. */
async function seed(env: Env): Promise<void> {
  const now = await env.db.sql.now();
  const createdAt = new Date(now).toISOString();
  const created = env.dialect === "sqlite" ? createdAt.replace("Z", "+00:00") : createdAt;
  const wfIds = Array.from({ length: WORKFLOWS }, () => randomUUID());
  await insertRows(
    env,
    "Workflow",
    ["id", "name", "draftGraph", "createdAt", "updatedAt"],
    wfIds.map((id, i) => [id, `Workflow ${i}`, "{}", created, created]),
  );
  await insertRows(
    env,
    "User",
    ["id", "name", "email", "role", "createdAt", "updatedAt"],
    Array.from({ length: 20 }, (_, i) => [
      `user-${i}`,
      `User ${i}`,
      `user${i}@example.com`,
      i < 15 ? "reviewer" : "admin",
      created,
      created,
    ]),
  );
  const tasks: Param[][] = [];
  const assignees: Param[][] = [];
  const decisions: Param[][] = [];
  for (let i = 0; i < TASKS; i++) {
    const id = randomUUID();
    const due = i % 3 === 0 ? null : now + ((i % 97) - 20) * HOUR;
    const confidence = i % 4 === 0 ? null : (i % 100) / 100;
    tasks.push([
      id,
      randomUUID(),
      "ap",
      wfIds[i % WORKFLOWS],
      "v",
      "ap",
      "approval",
      `Task ${i}`,
      `Please check **item ${i}** before it ships.`,
      JSON.stringify({ i, amount: i * 3 }),
      confidence,
      "open",
      i % 10 === 0 ? 2 : 1,
      i % 5 === 0 ? "user-9" : null,
      due,
      now - (TASKS - i) * 60_000,
    ]);
    // 40% reviewer role, 20% finance role, 20% admin role (not visible), 10% our user, 10% someone else
    const r = i % 10;
    const a: [string, string] =
      r < 4
        ? ["role", "reviewer"]
        : r < 6
          ? ["role", "finance"]
          : r < 8
            ? ["role", "admin"]
            : r < 9
              ? ["user", "user-1"]
              : ["user", `user-${2 + (i % 10)}`];
    assignees.push([randomUUID(), id, a[0], a[1], "open"]);
    if (i % 10 === 0) decisions.push([randomUUID(), id, `user-${3 + (i % 7)}`, "approve", "", "h", now]);
  }
  await insertRows(
    env,
    "Task",
    [
      "id",
      "runId",
      "stepKey",
      "workflowId",
      "versionId",
      "nodeId",
      "type",
      "title",
      "instructions",
      "payload",
      "confidence",
      "status",
      "quorum",
      "initiatorId",
      "dueAtMs",
      "createdAtMs",
    ],
    tasks,
  );
  await insertRows(env, "TaskAssignee", ["id", "taskId", "type", "value", "status"], assignees);
  await insertRows(env, "Decision", ["id", "taskId", "userId", "decision", "comment", "payloadHash", "atMs"], decisions);
  if (env.dialect === "postgresql") await env.db.sql.run(`ANALYZE`);
  else await env.db.sql.run(`ANALYZE`);
}

const reviewer: Principal = { userId: "user-1", roles: ["reviewer", "finance"], isAdmin: false, decider: true };

async function measure(fn: () => Promise<unknown>, n = ITERATIONS): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn(); // warm-up: statement cache, pages in memory
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function inboxList(env: Env): Promise<void> {
  const sql = env.db.sql;
  const q = (raw: Record<string, string>) => taskListQuery.parse(raw);
  let visible = 0;
  const main = await measure(async () => {
    const r = await listTasks(sql, await sql.now(), reviewer, q({}));
    visible = r.total;
  });
  const oldest = await measure(async () => listTasks(sql, await sql.now(), reviewer, q({ sort: "oldest" })), 50);
  const overdue = await measure(async () => listTasks(sql, await sql.now(), reviewer, q({ due: "overdue" })), 50);
  const lowConfidence = await measure(async () => listTasks(sql, await sql.now(), reviewer, q({ lowConfidence: "true" })), 50);
  // a cursor 40 pages deep
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) cursor = (await listTasks(sql, await sql.now(), reviewer, q(cursor ? { cursor } : {}))).nextCursor;
  const deep = await measure(async () => listTasks(sql, await sql.now(), reviewer, q({ cursor: cursor! })), 50);
  const admin = await measure(
    async () => listTasks(sql, await sql.now(), { userId: "user-19", roles: ["admin"], isAdmin: true, decider: true }, q({})),
    50,
  );
  emit({
    scenario: "inbox-list",
    db: env.dialect,
    tasks: TASKS,
    workflows: WORKFLOWS,
    visible_to_reviewer: visible,
    page: 50,
    p50_ms: round(pct(main, 50)),
    p95_ms: round(pct(main, 95)),
    p95_oldest_ms: round(pct(oldest, 95)),
    p95_overdue_ms: round(pct(overdue, 95)),
    p95_low_confidence_ms: round(pct(lowConfidence, 95)),
    p95_page_41_ms: round(pct(deep, 95)),
    p95_admin_all_ms: round(pct(admin, 95)),
  });
}

/** The store as production runs it: the inbox sweep before each claim, and commit timestamps. */
class BenchStore extends SqlEngineStore {
  onCommit: ((b: CommitBatch) => void) | null = null;
  sweep: (() => Promise<void>) | null = null;
  override async claimRuns(workerId: string, limit: number, leaseMs: number): Promise<ClaimedRun[]> {
    if (this.sweep) await this.sweep();
    return super.claimRuns(workerId, limit, leaseMs);
  }
  override async commit(b: CommitBatch): Promise<CommitResult> {
    const r = await super.commit(b);
    this.onCommit?.(b);
    return r;
  }
}

interface ParkedApprovals {
  store: BenchStore;
  deps: { store: BenchStore; notifier: LocalNotifier };
  worker: Worker;
  /** The open tasks, oldest first. */
  ids: string[];
}

/** 200 runs parked on approvals, the Worker in-process with the inbox sweep before each claim. */
async function parkApprovals(env: Env, runs: number): Promise<ParkedApprovals> {
  const doc = graph()
    .start()
    .node({
      id: "ap",
      kind: "approval",
      config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Approve {{ $.input.i }}", payload: "$.input" },
    })
    .transform("t", "$.steps.ap.output.decision")
    .end("end", "$.steps.t.output")
    .chain("start", "ap")
    .edge("ap", "t", "approved")
    .edge("t", "end")
    .build();
  const { versionId } = await publish(env.db.sql, doc);
  const store = new BenchStore(env.db.sql);
  const notifier = new LocalNotifier();
  const sweeper = new InboxSweeper(env.db.sql);
  const worker = new Worker({ store, notifier, concurrency: 32, leaseMs: 30_000, pollMs: 1000, log: () => undefined });
  await worker.start({ register: false });
  const deps = { store, notifier };
  for (let i = 0; i < runs; i++) await startRun(deps, { versionId, input: { i }, initiatorId: "bench" });
  for (;;) {
    const rows = await env.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Run" WHERE "versionId"=? AND "status"='waiting'`, [
      versionId,
    ]);
    if (Number(rows[0].n) >= runs) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await sweeper.run(); // first scan notifies the new tasks' reviewers (not measured)
  store.sweep = () => sweeper.run();
  const ids = (await env.db.sql.all<{ id: string }>(`SELECT "id" FROM "Task" WHERE "versionId"=? ORDER BY "createdAtMs"`, [versionId])).map(
    (r) => String(r.id),
  );
  return { store, deps, worker, ids };
}

/** Time each `act(taskId)` and the commit that starts the step after the approval. */
async function timeDecisions(
  p: ParkedApprovals,
  act: (taskId: string) => Promise<unknown>,
): Promise<{ resumed: number[]; request: number[] }> {
  const resumed: number[] = [];
  const request: number[] = [];
  for (const taskId of p.ids) {
    let resolveStarted!: () => void;
    const started = new Promise<void>((r) => (resolveStarted = r));
    p.store.onCommit = (b) => {
      if (b.steps.some((s) => s.stepKey === "t")) resolveStarted();
    };
    const t0 = performance.now();
    await act(taskId);
    const t1 = performance.now();
    await started;
    const t2 = performance.now();
    resumed.push(t2 - t1);
    request.push(t2 - t0);
  }
  p.store.onCommit = null;
  return { resumed, request };
}

async function decide(env: Env): Promise<void> {
  const RUNS = 200;
  const p = await parkApprovals(env, RUNS);
  try {
    const { resumed, request } = await timeDecisions(p, (taskId) =>
      decideTask(p.deps, { taskId, userId: "user-1", userRoles: ["reviewer"], decision: "approve", comment: "ok" }),
    );
    emit({
      scenario: "decide",
      db: env.dialect,
      runs: RUNS,
      open_tasks: TASKS,
      // decision committed → the commit that starts the next step (the engine's resume target)
      p50_ms: round(pct(resumed, 50)),
      p95_ms: round(pct(resumed, 95)),
      max_ms: round(Math.max(...resumed)),
      // the whole request: decideTask called → next step started
      p95_request_to_next_step_ms: round(pct(request, 95)),
    });
  } finally {
    await p.worker.stop({ graceMs: 5000 });
  }
}

/**
 * slack-decide — the same parked runs approved from Slack: a signed interaction POST (form-encoded
 * payload, v0 signature) handed to the route handler (body read, signature and replay checks, the
 * Slack user's link, decideTask) → the commit that starts the next step. Target p95 ≤ 50 ms.
 */
async function slackDecide(env: Env): Promise<void> {
  const RUNS = 200;
  process.env.SWITCHYARD_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
  const signingSecret = "bench-signing-secret";
  await saveChatSettings(
    env.db.sql,
    { slack: { apiBaseUrl: "http://127.0.0.1:9/api", defaultChannel: "C0BENCH", botToken: "xoxb-bench", signingSecret } },
    "user-19",
  );
  await linkChatUser(env.db.sql, "UBENCH", "user-1", Date.now());
  const p = await parkApprovals(env, RUNS);
  const g = globalThis as unknown as { __switchyard?: unknown };
  g.__switchyard = { env: parseEnv({}), db: env.db, engine: { ...p.deps, notify: () => p.deps.notifier.notify() } };
  const { POST } = await import("@/app/api/v1/integrations/slack/interactions/route");
  try {
    const tasks = new Map(
      (
        await env.db.sql.all<{ id: string; version: number }>(
          `SELECT "id","version" FROM "Task" WHERE "id" IN (${p.ids.map(() => "?").join(",")})`,
          p.ids,
        )
      ).map((r) => [String(r.id), Number(r.version)]),
    );
    const { resumed, request } = await timeDecisions(p, async (taskId) => {
      const payload = JSON.stringify({
        type: "block_actions",
        user: { id: "UBENCH" },
        trigger_id: randomUUID(),
        actions: [{ action_id: "approve", value: JSON.stringify({ t: taskId, v: tasks.get(taskId) }) }],
      });
      const body = new URLSearchParams({ payload }).toString();
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await POST(
        new Request("http://localhost/api/v1/integrations/slack/interactions", {
          method: "POST",
          body,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": ts,
            "x-slack-signature": slackSignature(signingSecret, ts, body),
          },
        }),
      );
      const answer = (await res.json()) as { ok?: boolean };
      if (!answer.ok) throw new Error(`slack-decide: ${JSON.stringify(answer)}`);
    });
    emit({
      scenario: "slack-decide",
      db: env.dialect,
      runs: RUNS,
      open_tasks: TASKS,
      // signed interaction POST handed to the route → the commit that starts the next step
      p50_ms: round(pct(request, 50)),
      p95_ms: round(pct(request, 95)),
      max_ms: round(Math.max(...request)),
      // from the decision's commit only (the engine's part)
      p95_decision_to_next_step_ms: round(pct(resumed, 95)),
    });
  } finally {
    g.__switchyard = undefined;
    await p.worker.stop({ graceMs: 5000 });
  }
}

async function main(): Promise<void> {
  const dialects: Dialect[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
  const only = process.argv[2];
  for (const d of dialects) {
    const env = await freshDb(d);
    try {
      await seed(env);
      if (!only || only === "inbox-list") await inboxList(env);
      if (!only || only === "decide") await decide(env);
      if (!only || only === "slack-decide") await slackDecide(env);
    } finally {
      await env.drop();
    }
  }
}

// Exit once every row is printed: pools and timers the scenarios started must not keep it running.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
