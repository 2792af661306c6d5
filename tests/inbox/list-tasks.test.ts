import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { listTasks } from "@/lib/inbox/list-tasks";
import { encodeTaskCursor } from "@/lib/inbox/task-cursor";
import { countOpenTasksFor } from "@/lib/inbox/open-task-filter";
import { principalOf } from "@/lib/inbox/task-access";
import { taskListQuery, type TaskListQuery } from "@/lib/inbox/task-list-params";
import { insertRawTask, insertWorkflow } from "./helpers";

const HOUR = 3_600_000;
const q = (raw: Record<string, string> = {}): TaskListQuery => taskListQuery.parse(raw);

describeEachDb("inbox task list", (dialect) => {
  let db: TestDatabase;
  let now: number;
  let wfA: string;
  let wfB: string;
  const rui = principalOf({ id: "rui", role: "reviewer" });
  const ada = principalOf({ id: "ada", role: "admin" });
  const vic = principalOf({ id: "vic", role: "viewer" });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb(dialect);
    now = await db.sql.now();
    wfA = await insertWorkflow(db, "Refunds");
    wfB = await insertWorkflow(db, "Payouts");
    await db.prisma.user.create({ data: { id: "rui", name: "Rui", email: "rui@example.com", role: "reviewer" } });
    // rui by name, due in 2h
    ids.mine = await insertRawTask(db, {
      workflowId: wfA,
      title: "mine",
      createdAtMs: now - 5 * HOUR,
      dueAtMs: now + 2 * HOUR,
      assignees: [{ type: "user", value: "rui" }],
    });
    // reviewer role, overdue, low confidence
    ids.roleOverdue = await insertRawTask(db, {
      workflowId: wfA,
      title: "role overdue",
      createdAtMs: now - 4 * HOUR,
      dueAtMs: now - HOUR,
      confidence: 0.3,
      assignees: [{ type: "role", value: "reviewer" }],
    });
    // reviewer role, no due, high confidence, other workflow
    ids.roleNoDue = await insertRawTask(db, {
      workflowId: wfB,
      title: "role no due",
      createdAtMs: now - 3 * HOUR,
      confidence: 0.9,
      assignees: [{ type: "role", value: "reviewer" }],
    });
    // both rui and the role (counted once)
    ids.both = await insertRawTask(db, {
      workflowId: wfB,
      title: "both",
      createdAtMs: now - 2 * HOUR,
      dueAtMs: now + 48 * HOUR,
      assignees: [
        { type: "user", value: "rui" },
        { type: "role", value: "reviewer" },
      ],
    });
    // rui started the run: visible, but separation of duties blocks
    ids.initiator = await insertRawTask(db, {
      workflowId: wfB,
      title: "initiator",
      createdAtMs: now - HOUR,
      initiatorId: "rui",
      assignees: [{ type: "role", value: "reviewer" }],
    });
    // someone else's
    ids.other = await insertRawTask(db, {
      workflowId: wfA,
      title: "other",
      createdAtMs: now - 30 * 60_000,
      assignees: [{ type: "user", value: "bob" }],
    });
    // closed
    ids.closed = await insertRawTask(db, {
      workflowId: wfA,
      title: "closed",
      createdAtMs: now - 10 * 60_000,
      status: "approved",
      assignees: [{ type: "user", value: "rui" }],
    });
  });
  afterAll(async () => db?.drop());

  const titles = (r: { tasks: { title: string }[] }) => r.tasks.map((t) => t.title);

  it("a reviewer sees tasks assigned to them or their role, once each, soonest due first", async () => {
    const r = await listTasks(db.sql, now, rui, q());
    expect(titles(r)).toEqual(["role overdue", "mine", "both", "role no due", "initiator"]);
    expect(r.total).toBe(5);
    expect(r.nextCursor).toBeNull();
    expect(await countOpenTasksFor(db.sql, { id: "rui", role: "reviewer" })).toBe(5);
    const mine = r.tasks.find((t) => t.title === "mine")!;
    expect(mine).toMatchObject({
      workflowName: "Refunds",
      canDecide: true,
      blockedBy: null,
      assignees: [{ type: "user", id: "rui", label: "Rui" }],
    });
    expect(r.tasks.find((t) => t.title === "initiator")).toMatchObject({ canDecide: false, blockedBy: "initiator" });
  });

  it("filters by assignment, workflow, due soon, overdue and low confidence", async () => {
    expect(titles(await listTasks(db.sql, now, rui, q({ assigned: "me" })))).toEqual(["mine", "both"]);
    expect(titles(await listTasks(db.sql, now, rui, q({ assigned: "roles" })))).toEqual([
      "role overdue",
      "both",
      "role no due",
      "initiator",
    ]);
    expect(titles(await listTasks(db.sql, now, rui, q({ workflowId: wfB })))).toEqual(["both", "role no due", "initiator"]);
    expect(titles(await listTasks(db.sql, now, rui, q({ due: "overdue" })))).toEqual(["role overdue"]);
    expect(titles(await listTasks(db.sql, now, rui, q({ due: "soon" })))).toEqual(["mine"]);
    expect(titles(await listTasks(db.sql, now, rui, q({ lowConfidence: "true" })))).toEqual(["role overdue"]);
  });

  it("sorts by age either way", async () => {
    expect(titles(await listTasks(db.sql, now, rui, q({ sort: "oldest" })))).toEqual([
      "mine",
      "role overdue",
      "role no due",
      "both",
      "initiator",
    ]);
    expect(titles(await listTasks(db.sql, now, rui, q({ sort: "newest" })))).toEqual([
      "initiator",
      "both",
      "role no due",
      "role overdue",
      "mine",
    ]);
  });

  it("admins see every open task; viewers see everything read-only", async () => {
    const all = await listTasks(db.sql, now, ada, q());
    expect(all.total).toBe(6);
    expect(all.tasks.every((t) => t.canDecide)).toBe(true);
    const viewer = await listTasks(db.sql, now, vic, q());
    expect(viewer.total).toBe(6);
    expect(viewer.tasks.every((t) => !t.canDecide && t.blockedBy === "role")).toBe(true);
    expect(await countOpenTasksFor(db.sql, { id: "vic", role: "viewer" })).toBe(0);
    expect((await listTasks(db.sql, now, vic, q({ assigned: "me" }))).total).toBe(0);
  });

  it("pages with a keyset cursor: every task exactly once, in order, for each sort, each page with the same total", async () => {
    for (const sort of ["due", "oldest", "newest"] as const) {
      const whole = await listTasks(db.sql, now, ada, q({ sort }));
      const full = titles(whole);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await listTasks(db.sql, now, ada, q({ sort, limit: "2", ...(cursor ? { cursor } : {}) }));
        expect(page.total, `${sort} page ${i}`).toBe(whole.total);
        seen.push(...titles(page));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(full);
    }
  });

  it("a page past the last task is empty and still says how many tasks match", async () => {
    const whole = await listTasks(db.sql, now, ada, q({ sort: "oldest" }));
    expect(whole.total).toBeGreaterThan(0);
    const cursor = encodeTaskCursor("oldest", { undated: false, key: now + 365 * 24 * HOUR, id: "~" });
    const past = await listTasks(db.sql, now, ada, q({ sort: "oldest", cursor }));
    expect(past).toMatchObject({ tasks: [], nextCursor: null, total: whole.total });
  });

  it("rejects a made-up cursor or one from another sort with a 400", async () => {
    const first = await listTasks(db.sql, now, ada, q({ limit: "1" }));
    await expect(listTasks(db.sql, now, ada, q({ cursor: "nonsense" }))).rejects.toMatchObject({ status: 400, code: "invalid_cursor" });
    await expect(listTasks(db.sql, now, ada, q({ sort: "newest", cursor: first.nextCursor! }))).rejects.toMatchObject({ status: 400 });
    expect(() => q({ sort: "sideways" })).toThrow();
    expect(() => q({ limit: "1000" })).toThrow();
  });
});

describe("task list query parsing", () => {
  it("defaults to due order, 50 per page, and no low-confidence filter", () => {
    expect(taskListQuery.parse({})).toMatchObject({ sort: "due", limit: 50, lowConfidence: false });
  });
  it("refuses unknown parameters", () => {
    expect(() => taskListQuery.parse({ assigned: "all", colour: "red" })).toThrow();
  });
});
